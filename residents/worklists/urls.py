from django.urls import path

from residents.worklists import views

urlpatterns = [
    path("worklists/", views.worklists, name="worklists"),
]
