"""URLs of registration and the resident record, in the `residents` namespace."""

from django.urls import path

from residents.people import views

urlpatterns = [
    path("", views.resident_list, name="list"),
    path("new/", views.resident_create, name="create"),
    path("<id:pk>/", views.resident_detail, name="detail"),
    path("<id:pk>/edit/", views.resident_edit, name="edit"),
    path("<id:pk>/submit/", views.resident_submit, name="submit"),
    path("<id:pk>/verify/", views.resident_verify, name="verify"),
    path("<id:pk>/return/", views.resident_return, name="return"),
    path("<id:pk>/slip/", views.slip_print, name="slip_print"),
    path("<id:pk>/reveal/", views.resident_reveal, name="reveal"),
    path("slips/<id:slip_pk>/sign/", views.slip_sign, name="slip_sign"),
    path("slips/<id:slip_pk>/scan/", views.slip_scan, name="slip_scan"),
    path("identity-documents/<id:pk>/scan/", views.id_scan, name="id_scan"),
    path("forms/<str:kind>/", views.form_blank, name="form_blank"),
    path("<id:pk>/forms/<str:kind>/", views.form_prefilled, name="form_prefilled"),
    path("<id:pk>/hukou-moves/new/", views.hukou_move_create, name="hukou_move_create"),
]
