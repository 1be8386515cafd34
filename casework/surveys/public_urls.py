"""The public satisfaction survey, under /public/ (no login)."""

from django.urls import path

from casework.surveys import views

urlpatterns = [
    path("survey/", views.survey_new, name="survey_new"),
    path("survey/sent/", views.survey_done, name="survey_done"),
]
