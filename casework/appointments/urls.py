"""URLs of appointments (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.appointments import views

urlpatterns: list = [
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_book, name="appointment_book"),
    path("appointments/<id:pk>/status/", views.appointment_status, name="appointment_status"),
]
