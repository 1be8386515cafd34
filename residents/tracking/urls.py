"""URLs of the tracking pages, included in the `residents` namespace by residents/urls.py.

URLs naming a tracking record use `contact_pk`, `status_pk` or `emergency_pk`; each is declared
to the audit middleware so that refused attempts are recorded against the resident.
"""

from django.urls import path

from residents.tracking import views

urlpatterns = [
    path("<id:pk>/tracking/", views.resident_tracking, name="tracking"),
    path("<id:pk>/tracking/contacts/new/", views.contact_create, name="contact_create"),
    path("<id:pk>/tracking/status/new/", views.status_create, name="status_create"),
    path(
        "<id:pk>/tracking/status/<slug:aspect>/", views.status_history, name="status_history"
    ),
    path("<id:pk>/tracking/emergencies/new/", views.emergency_create, name="emergency_create"),
    path("<id:pk>/recheck/", views.recheck, name="recheck"),
    path("tracking/contacts/<id:contact_pk>/", views.contact_detail, name="contact_detail"),
    path("tracking/status/<id:status_pk>/", views.status_detail, name="status_detail"),
    path(
        "tracking/emergencies/<id:emergency_pk>/", views.emergency_detail,
        name="emergency_detail",
    ),
    path(
        "tracking/emergencies/<id:emergency_pk>/follow-up/", views.emergency_follow_up,
        name="emergency_follow_up",
    ),
    path(
        "tracking/emergencies/<id:emergency_pk>/close/", views.emergency_close,
        name="emergency_close",
    ),
    path("worklists/rechecks/", views.worklist_rechecks, name="worklist_rechecks"),
    path("worklists/emergencies/", views.worklist_emergencies, name="worklist_emergencies"),
]
