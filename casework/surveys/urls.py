"""Survey pages of managers and the supervision group, under /casework/surveys/."""

from django.urls import path

from casework.surveys import views

urlpatterns = [
    path("surveys/", views.survey_summary, name="survey_summary"),
    path("surveys/questions/", views.survey_questions, name="survey_questions"),
]
