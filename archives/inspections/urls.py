from django.urls import path

from archives.inspections import views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
]
