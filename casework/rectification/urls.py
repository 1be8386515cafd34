"""Rectification pages, in the casework namespace."""

from django.urls import path

from casework.rectification import views

urlpatterns = [
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/new/", views.rectification_issue, name="rectification_issue"),
    path(
        "supervision/findings/<id:finding_pk>/rectification/", views.finding_rectification,
        name="finding_rectification",
    ),
    path(
        "cases/<id:pk>/rectification/start/", views.rectification_start,
        name="rectification_start",
    ),
    path(
        "cases/<id:pk>/rectification/notice/", views.rectification_notice,
        name="rectification_notice",
    ),
]
