"""Supervision pages under /casework/supervision/."""

from django.urls import path

from casework.supervision import views

urlpatterns = [
    path("supervision/inspections/", views.inspection_list, name="inspection_list"),
    path("supervision/inspections/new/", views.inspection_create, name="inspection_create"),
    path("supervision/inspections/<id:pk>/", views.inspection_detail, name="inspection_detail"),
    path("supervision/checklist/", views.checklist, name="checklist"),
    path("supervision/accountability/", views.accountability, name="accountability"),
]
