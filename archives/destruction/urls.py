from django.urls import path

from archives.destruction import views

urlpatterns = [
    path("destruction/", views.destruction_list, name="destruction_list"),
    path("destruction/propose/", views.destruction_propose, name="destruction_propose"),
    path("destruction/<id:pk>/approve/", views.destruction_approve, name="destruction_approve"),
    path("destruction/<id:pk>/register.pdf", views.destruction_register_pdf,
         name="destruction_register_pdf"),
]
