"""URLs of resident imports, under /imports/ in the `imports` namespace."""

from django.urls import path

from residents.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("<id:pk>/", views.import_detail, name="detail"),
    path("<id:pk>/confirm/", views.import_confirm, name="confirm"),
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/<slug:source>/", views.profile_edit, name="profile_edit"),
]
