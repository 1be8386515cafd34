"""URLs of list exports, under /exports/ in the `exports` namespace."""

from django.urls import path

from residents.exports import views

app_name = "exports"

urlpatterns = [
    path("residents/", views.resident_export, name="residents"),
    path("<id:pk>/", views.export_detail, name="detail"),
    path("<id:pk>/download/", views.export_download, name="download"),
]
