"""URLs of the backups page, under /backups/ in the `backups` namespace."""

from django.urls import path

from residents.backups import views

app_name = "backups"

urlpatterns = [
    path("", views.backup_list, name="list"),
    path("verify/", views.backup_verify, name="verify"),
]
