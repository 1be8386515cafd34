"""URLs of registration and the resident record, in the `residents` namespace."""

from django.urls import path

from residents.people import views

urlpatterns = [
    path("", views.resident_list, name="list"),
    path("new/", views.resident_create, name="create"),
    path("<int:pk>/", views.resident_detail, name="detail"),
    path("<int:pk>/edit/", views.resident_edit, name="edit"),
    path("<int:pk>/submit/", views.resident_submit, name="submit"),
    path("<int:pk>/verify/", views.resident_verify, name="verify"),
    path("<int:pk>/return/", views.resident_return, name="return"),
    path("<int:pk>/slip/", views.slip_print, name="slip_print"),
    path("<int:pk>/reveal/", views.resident_reveal, name="reveal"),
    path("slips/<int:slip_pk>/sign/", views.slip_sign, name="slip_sign"),
    path("slips/<int:slip_pk>/scan/", views.slip_scan, name="slip_scan"),
]
