from django.urls import include, path

from residents.access import views as grant_views
from residents.audit import pdf as access_report
from residents.people import views
from residents.worklists import views as worklist_views

app_name = "residents"

urlpatterns = [
    path("", views.resident_list, name="list"),
    path("new/", views.resident_create, name="create"),
    path("<int:pk>/", views.resident_detail, name="detail"),
    path("<int:pk>/edit/", views.resident_edit, name="edit"),
    path("<int:pk>/submit/", views.resident_submit, name="submit"),
    path("<int:pk>/verify/", views.resident_verify, name="verify"),
    path("<int:pk>/return/", views.resident_return, name="return"),
    path("<int:pk>/slip/", views.slip_print, name="slip_print"),
    path("<int:pk>/reveal/", views.resident_reveal, name="reveal"),
    path("<int:pk>/access-report/", access_report.access_report, name="access_report"),
    path("slips/<int:slip_pk>/sign/", views.slip_sign, name="slip_sign"),
    path("slips/<int:slip_pk>/scan/", views.slip_scan, name="slip_scan"),
    # Exceptional access (ACC-2). URLs naming a grant use `grant_pk`: refusals are audited.
    path("access/", grant_views.grant_list, name="grant_list"),
    path("access/new/", grant_views.grant_request, name="grant_request"),
    path("access/<int:grant_pk>/approve/", grant_views.grant_approve, name="grant_approve"),
    path("access/<int:grant_pk>/reject/", grant_views.grant_reject, name="grant_reject"),
    path("access/<int:grant_pk>/revoke/", grant_views.grant_revoke, name="grant_revoke"),
    path("worklists/", worklist_views.worklists, name="worklists"),
    # Resident dynamics, one URL module per subject (same namespace).
    path("", include("residents.households.urls")),
    path("", include("residents.registers.urls")),
    path("", include("residents.tracking.urls")),
    path("", include("residents.activities.urls")),
]
