"""Safety and environment pages, in the casework namespace."""

from django.urls import path

from casework.safety import views

urlpatterns = [
    path("safety/", views.safety_list, name="safety_list"),
    path("safety/new/", views.safety_create, name="safety_create"),
    path("safety/<id:pk>/", views.safety_detail, name="safety_detail"),
    path("safety/<id:pk>/rectification/", views.safety_rectification,
         name="safety_rectification"),
    path("safety/photos/<id:pk>/", views.safety_photo, name="safety_photo"),
    path("safety/garbage-schedule/", views.garbage_schedule, name="garbage_schedule"),
]
