from django.urls import path

from reporters.weekly import views

urlpatterns: list = [
    path("", views.weekly, name="weekly"),
]
