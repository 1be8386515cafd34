from django.urls import path

from reporters.profiles import views

urlpatterns: list = [
    path("", views.reporter_list, name="reporter_list"),
    path("new/", views.reporter_new, name="reporter_new"),
    path("<id:pk>/", views.reporter_detail, name="reporter_detail"),
    path("<id:pk>/edit/", views.reporter_edit, name="reporter_edit"),
    path("<id:pk>/agreement/print/", views.agreement_print, name="agreement_print"),
    path("<id:pk>/agreement/sign/", views.agreement_sign, name="agreement_sign"),
    path("<id:pk>/agreement/scan/", views.agreement_scan, name="agreement_scan"),
    path("<id:pk>/status/", views.reporter_status, name="reporter_status"),
    path("<id:pk>/seal/", views.reporter_seal, name="reporter_seal"),
    path("<id:pk>/seal/upload/", views.reporter_seal_upload, name="reporter_seal_upload"),
]
