"""Staff pages of residents' own reports (TRK-5), in the `residents` namespace."""

from django.urls import path

from residents.selfreports import views

urlpatterns = [
    path("self-reports/", views.self_report_list, name="self_report_list"),
    path("self-reports/<id:report_pk>/confirm/", views.self_report_confirm,
         name="self_report_confirm"),
    path("self-reports/<id:report_pk>/dismiss/", views.self_report_dismiss,
         name="self_report_dismiss"),
]
