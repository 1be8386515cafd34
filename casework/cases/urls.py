"""URLs of the pages every kind of case shares, in the `casework` namespace."""

from django.urls import path

from casework.cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/pick-resident/", views.resident_pick, name="resident_pick"),
    path("cases/<id:pk>/", views.case_detail, name="case_detail"),
    path("cases/<id:pk>/step/", views.case_act, name="case_act"),
    path(
        "cases/<id:pk>/materials/<id:material_pk>/received/",
        views.material_receive, name="material_receive",
    ),
    path(
        "cases/<id:pk>/materials/<id:material_pk>/scan/",
        views.material_scan, name="material_scan",
    ),
    path("cases/<id:pk>/feedback/", views.case_feedback, name="case_feedback"),
    path("cases/<id:pk>/escalate/", views.complaint_escalate, name="complaint_escalate"),
    path("cases/<id:pk>/return-visit/", views.return_visit, name="return_visit"),
    path("slips/<id:slip_pk>/signed/", views.slip_sign, name="slip_sign"),
    path("worklists/due/", views.worklist_due, name="worklist_due"),
    path(
        "worklists/return-visits/", views.worklist_return_visits,
        name="worklist_return_visits",
    ),
]
