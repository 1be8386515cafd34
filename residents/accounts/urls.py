"""URLs of account changes (ACC-7), under /accounts/changes/ in the `accounts` namespace."""

from django.urls import path

from residents.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.change_list, name="change_list"),
    path("new/", views.change_request, name="change_request"),
    path("<id:change_pk>/approve/", views.change_approve, name="change_approve"),
    path("<id:change_pk>/reject/", views.change_reject, name="change_reject"),
]
