"""URLs of the working-day calendar (AFF-4), in the `casework` namespace."""

from django.urls import path

from casework.workdays import views

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/add/", views.calendar_add, name="calendar_add"),
    path("calendar/<id:day_pk>/delete/", views.calendar_delete, name="calendar_delete"),
]
