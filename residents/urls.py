"""The `residents` namespace: each subject package brings its own URL module."""

from django.urls import include, path

from residents.audit import pdf as access_report

app_name = "residents"

urlpatterns = [
    path("", include("residents.people.urls")),
    # The resident's own "who viewed or changed my record" report, built from the audit log.
    path("<id:pk>/access-report/", access_report.access_report, name="access_report"),
    path("", include("residents.access.urls")),
    path("", include("residents.worklists.urls")),
    path("", include("residents.households.urls")),
    path("", include("residents.registers.urls")),
    path("", include("residents.tracking.urls")),
    path("", include("residents.activities.urls")),
    path("", include("residents.batchprints.urls")),
    path("", include("residents.selfreports.urls")),
]
