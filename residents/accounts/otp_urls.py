"""URLs of the second factor (ACC-10), under /accounts/otp/ in the `otp` namespace."""

from django.urls import path

from residents.accounts import views

app_name = "otp"

urlpatterns = [
    path("setup/", views.otp_setup, name="setup"),
    path("verify/", views.otp_verify, name="verify"),
    path("replace/", views.otp_replace, name="replace"),
    path("accounts/", views.otp_accounts, name="accounts"),
    path("accounts/<id:user_pk>/reset/", views.otp_reset, name="reset"),
]
