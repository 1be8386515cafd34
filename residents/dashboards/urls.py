from django.urls import path

from residents.dashboards import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
