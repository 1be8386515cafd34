from django.urls import path

from casework.affairs import urls as affair_urls
from casework.cases import views as case_views
from casework.change import urls as change_urls
from casework.complaints import urls as complaint_urls
from casework.query import urls as query_urls
from casework.workdays import views as calendar_views
from residents.audit.middleware import resident_url_kwarg

app_name = "casework"

# A refused request on a case URL is recorded against the case's resident.
resident_url_kwarg("casework", "pk", "casework.Case")
resident_url_kwarg("casework", "slip_pk", "casework.CaseSlip", field="case__resident_id")

urlpatterns = [
    # The working-day calendar (AFF-4).
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/add/", calendar_views.calendar_add, name="calendar_add"),
    path("calendar/<int:day_pk>/delete/", calendar_views.calendar_delete, name="calendar_delete"),
    # Pages every kind of case shares.
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/step/", case_views.case_act, name="case_act"),
    path(
        "cases/<int:pk>/materials/<int:material_pk>/received/",
        case_views.material_receive, name="material_receive",
    ),
    path("cases/<int:pk>/feedback/", case_views.case_feedback, name="case_feedback"),
    path("cases/<int:pk>/escalate/", case_views.complaint_escalate, name="complaint_escalate"),
    path("cases/<int:pk>/return-visit/", case_views.return_visit, name="return_visit"),
    path("slips/<int:slip_pk>/signed/", case_views.slip_sign, name="slip_sign"),
    path("worklists/due/", case_views.worklist_due, name="worklist_due"),
    path(
        "worklists/return-visits/", case_views.worklist_return_visits,
        name="worklist_return_visits",
    ),
    *change_urls.urlpatterns,
    *query_urls.urlpatterns,
    *affair_urls.urlpatterns,
    *complaint_urls.urlpatterns,
]
