from django.urls import path

from residents.audit import views as audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.audit_trail, name="trail"),
    path("export/", audit_views.audit_export, name="export"),
]
