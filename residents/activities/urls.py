"""URLs of the activity pages, included in the `residents` namespace by residents/urls.py.

`service_pk`, `participation_pk` and `volunteer_pk` name records about a resident, so refused
requests on them are audited against that resident; activities and teams are not resident data.
"""

from django.urls import path

from residents.activities import views as activity_views

urlpatterns = [
    # Services handled for one resident (SVC-1); `pk` is the resident.
    path("<id:pk>/services/", activity_views.service_list, name="service_list"),
    path("<id:pk>/services/new/", activity_views.service_create, name="service_create"),
    path(
        "services/<id:service_pk>/outcome/",
        activity_views.service_outcome,
        name="service_outcome",
    ),
    path("services/open/", activity_views.service_open_list, name="service_open_list"),
    path("services/files-due/", activity_views.files_due_list, name="files_due_list"),
    # Community activities and their participants (SVC-2).
    path("activities/", activity_views.activity_list, name="activity_list"),
    path("activities/new/", activity_views.activity_create, name="activity_create"),
    path(
        "activities/<id:activity_pk>/", activity_views.activity_detail, name="activity_detail"
    ),
    path(
        "activities/<id:activity_pk>/participants/",
        activity_views.participant_add,
        name="participant_add",
    ),
    path(
        "participations/<id:participation_pk>/attendance/",
        activity_views.participation_attendance,
        name="participation_attendance",
    ),
    # Volunteer teams and their members.
    path("teams/", activity_views.team_list, name="team_list"),
    path("teams/new/", activity_views.team_create, name="team_create"),
    path("teams/<id:team_pk>/", activity_views.team_detail, name="team_detail"),
    path("teams/<id:team_pk>/join/", activity_views.team_join, name="team_join"),
    path(
        "volunteers/<id:volunteer_pk>/leave/",
        activity_views.volunteer_leave,
        name="volunteer_leave",
    ),
]
