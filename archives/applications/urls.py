from django.urls import path

from archives.applications import views

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<id:pk>/", views.application_detail, name="application_detail"),
    path("applications/<id:pk>/approve/", views.application_approve, name="application_approve"),
    path("applications/<id:pk>/reject/", views.application_reject, name="application_reject"),
    path("applications/<id:pk>/print/", views.application_pdf, name="application_pdf"),
    path("applications/<id:pk>/view/", views.application_view, name="application_view"),
]
