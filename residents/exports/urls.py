"""URLs of list exports, under /exports/ in the `exports` namespace: one per registered list
(`exports:<list name>`, filled at start-up), and the page of a background export."""

from django.urls import path

from residents.exports import views
from residents.exports.lists import list_definitions

app_name = "exports"

urlpatterns = [
    *(
        path(
            f"{definition.name.replace('_', '-')}/", views.list_export,
            {"list_name": definition.name}, name=definition.name,
        )
        for definition in list_definitions()
    ),
    path("<id:pk>/", views.export_detail, name="detail"),
    path("<id:pk>/download/", views.export_download, name="download"),
]
