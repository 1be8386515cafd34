from django.urls import path

from archives.handovers import views

urlpatterns = [
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/<id:pk>/confirm/", views.handover_confirm, name="handover_confirm"),
    path("handovers/<id:pk>/print/", views.handover_pdf, name="handover_pdf"),
]
