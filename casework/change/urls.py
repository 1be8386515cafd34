"""URLs of the change cases (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.change import views as change_views

urlpatterns: list = [
    # A change request (UPD-1) or a change notice (UPD-5) about a verified resident.
    path(
        "residents/<id:resident_pk>/change/", change_views.change_open, name="change_open"
    ),
    path(
        "residents/<id:resident_pk>/change-notice/", change_views.change_notice_open,
        name="change_notice_open",
    ),
    # The resident confirms a notice at the window; the special steps of the case page.
    path(
        "changes/<id:pk>/confirm/", change_views.change_notice_confirm,
        name="change_notice_confirm",
    ),
    path("changes/<id:pk>/approve/", change_views.change_approve, name="change_approve"),
    path("changes/<id:pk>/rebase/", change_views.change_rebase, name="change_rebase"),
    path(
        "changes/<id:pk>/update-slip/", change_views.change_slip_print,
        name="change_slip_print",
    ),
]
