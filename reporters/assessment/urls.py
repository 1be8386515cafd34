from django.urls import path

from reporters.assessment import views

urlpatterns: list = [
    path("", views.assessment_list, name="assessment_list"),
    path("open/", views.assessment_open, name="assessment_open"),
    path("<id:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<id:pk>/self/", views.assessment_self, name="assessment_self"),
    path("<id:pk>/peer/", views.assessment_peer, name="assessment_peer"),
    path("<id:pk>/supervisor/", views.assessment_supervisor, name="assessment_supervisor"),
    path("<id:pk>/finalise/", views.assessment_finalise, name="assessment_finalise"),
    path("rewards/new/", views.reward_new, name="reward_new"),
    path("rewards/<id:pk>/certificate/", views.reward_certificate, name="reward_certificate"),
    path("penalties/new/", views.penalty_new, name="penalty_new"),
]
