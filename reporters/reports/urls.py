from django.urls import path

from reporters.reports import views

urlpatterns: list = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_new, name="report_new"),
    path("<id:pk>/", views.report_detail, name="report_detail"),
    path("<id:pk>/edit/", views.report_edit, name="report_edit"),
    path("<id:pk>/submit/", views.report_submit, name="report_submit"),
    path("<id:pk>/residents/", views.report_link, name="report_link"),
    path("<id:pk>/attachments/", views.report_attach, name="report_attach"),
    path(
        "<id:pk>/attachments/<id:attachment_pk>/", views.report_attachment,
        name="report_attachment",
    ),
]
