from django.urls import path

from reporters.devices import views

urlpatterns: list = [
    path("", views.device_list, name="device_list"),
    path("new/", views.device_new, name="device_new"),
]
