from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config.healthz import healthz
from residents.accounts.forms import SignInForm
from residents.accounts.views import PasswordChangeView
from residents.people import views as resident_views
from residents.selfreports import views as selfreport_views

urlpatterns = [
    path("", resident_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("register/", resident_views.preregister, name="preregister"),
    path("register/done/", resident_views.preregister_done, name="preregister_done"),
    # A resident's own report of a change in their situation (TRK-5).
    path("report/", selfreport_views.self_report, name="self_report"),
    path("report/done/", selfreport_views.self_report_done, name="self_report_done"),
    path("verify/", resident_views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>", resident_views.verify, name="verify"),
    path("accounts/changes/", include("residents.accounts.urls")),
    path("accounts/otp/", include("residents.accounts.otp_urls")),
    path("residents/", include("residents.urls")),
    path("audit/", include("residents.audit.urls")),
    path("jobs/", include("residents.jobs.urls")),
    path("inbox/", include("residents.notifications.urls")),
    path("exports/", include("residents.exports.urls")),
    path("imports/", include("residents.imports.urls")),
    path("backups/", include("residents.backups.urls")),
    path("casework/", include("casework.urls")),
    path("reporters/", include("reporters.urls")),
    path("archives/", include("archives.urls")),
    path("public/", include("casework.public_urls")),
    path("admin/", admin.site.urls),
]

# The product's own 403 page says why access was refused (config/errors.py); 404.html and
# 500.html are rendered by Django's default handlers.
handler403 = "config.errors.forbidden"
