from django.urls import path

from reporters.meetings import views

urlpatterns: list = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_new, name="meeting_new"),
    path("<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<id:pk>/suggestions/", views.suggestion_add, name="suggestion_add"),
    path(
        "<id:pk>/suggestions/<id:suggestion_pk>/action/", views.suggestion_action,
        name="suggestion_action",
    ),
]
