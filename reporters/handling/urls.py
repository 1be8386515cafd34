from django.urls import path

from reporters.handling import views

urlpatterns: list = [
    path("<id:pk>/case/", views.report_case_open, name="report_case_open"),
]
