from django.urls import path

from reporters.emergencies import views

urlpatterns: list = [
    path("", views.emergency_list, name="emergency_list"),
    path("new/", views.emergency_new, name="emergency_new"),
    path("<id:pk>/", views.emergency_detail, name="emergency_detail"),
    path("<id:pk>/written/", views.emergency_write, name="emergency_write"),
    path("<id:pk>/print/", views.emergency_print, name="emergency_print"),
]
