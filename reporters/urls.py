"""The `reporters` namespace: each subject package brings its own URL module."""

from django.urls import include, path

app_name = "reporters"

urlpatterns = [
    path("", include("reporters.home.urls")),
    path("register/", include("reporters.profiles.urls")),
    path("groups/", include("reporters.groups.urls")),
    path("reports/", include("reporters.reports.urls")),
    path("reports/", include("reporters.review.urls")),
    path("reports/", include("reporters.handling.urls")),
    path("emergencies/", include("reporters.emergencies.urls")),
    path("weekly/", include("reporters.weekly.urls")),
    path("tasks/", include("reporters.tasks.urls")),
    path("training/", include("reporters.training.urls")),
    path("assessments/", include("reporters.assessment.urls")),
    path("disclosures/", include("reporters.disclosure.urls")),
    path("meetings/", include("reporters.meetings.urls")),
    path("devices/", include("reporters.devices.urls")),
]
