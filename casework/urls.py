from django.urls import path

from casework import calendar_views

app_name = "casework"

urlpatterns = [
    # The working-day calendar (AFF-4).
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/add/", calendar_views.calendar_add, name="calendar_add"),
    path("calendar/<int:day_pk>/delete/", calendar_views.calendar_delete, name="calendar_delete"),
]
