"""URLs of windows and duties (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.duties import views

urlpatterns = [
    path("duties/", views.duties_overview, name="duties_overview"),
    path("duties/departments/add/", views.department_edit, name="department_add"),
    path("duties/departments/<id:pk>/", views.department_edit, name="department_edit"),
    path("duties/windows/add/", views.window_edit, name="window_add"),
    path("duties/windows/<id:pk>/", views.window_edit, name="window_edit"),
    path("duties/review/grant/", views.duty_grant, name="duty_grant"),
    path("duties/review/<id:pk>/withdraw/", views.duty_revoke, name="duty_revoke"),
    path("cases/<id:pk>/reassign/", views.case_reassign, name="case_reassign"),
]
