from django.urls import path

from reporters.review import views

urlpatterns: list = [
    path("<id:pk>/review/", views.report_review, name="report_review"),
    path("<id:pk>/handle/", views.report_handle, name="report_handle"),
    path("<id:pk>/evaluation/", views.report_evaluate, name="report_evaluate"),
]
