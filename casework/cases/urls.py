"""URLs of the pages every kind of case shares, in the `casework` namespace."""

from django.urls import path

from casework.cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/step/", views.case_act, name="case_act"),
    path(
        "cases/<int:pk>/materials/<int:material_pk>/received/",
        views.material_receive, name="material_receive",
    ),
    path("cases/<int:pk>/feedback/", views.case_feedback, name="case_feedback"),
    path("cases/<int:pk>/escalate/", views.complaint_escalate, name="complaint_escalate"),
    path("cases/<int:pk>/return-visit/", views.return_visit, name="return_visit"),
    path("slips/<int:slip_pk>/signed/", views.slip_sign, name="slip_sign"),
    path("worklists/due/", views.worklist_due, name="worklist_due"),
    path(
        "worklists/return-visits/", views.worklist_return_visits,
        name="worklist_return_visits",
    ),
]
