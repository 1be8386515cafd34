from django.urls import path

from reporters.home import views

urlpatterns: list = [
    path("", views.home, name="home"),
]
