"""The `archives` namespace: each subject package brings its own URL module."""

from django.urls import include, path

app_name = "archives"

urlpatterns = [
    path("", include("archives.catalogue.urls")),
    path("", include("archives.volumes.urls")),
    path("", include("archives.applications.urls")),
    path("", include("archives.destruction.urls")),
    path("", include("archives.handovers.urls")),
    path("", include("archives.inspections.urls")),
]
