"""The `casework` namespace: each subject package brings its own URL module."""

from django.urls import include, path

app_name = "casework"

urlpatterns = [
    path("", include("casework.workdays.urls")),
    path("", include("casework.cases.urls")),
    path("", include("casework.change.urls")),
    path("", include("casework.query.urls")),
    path("", include("casework.affairs.urls")),
    path("", include("casework.complaints.urls")),
    path("", include("casework.supervision.urls")),
    path("", include("casework.whistleblowing.urls")),
    path("", include("casework.surveys.urls")),
    path("", include("casework.duties.urls")),
    path("", include("casework.rectification.urls")),
    path("", include("casework.safety.urls")),
    path("", include("casework.assessment.urls")),
    path("", include("casework.policies.urls")),
    path("", include("casework.appointments.urls")),
]
