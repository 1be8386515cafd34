"""Whistle-blowing pages of the supervision group and auditors, under /casework/whistleblowing/."""

from django.urls import path

from casework.whistleblowing import views

urlpatterns = [
    path("whistleblowing/", views.whistleblowing_list, name="whistleblowing_list"),
    path("whistleblowing/new/", views.whistleblowing_register, name="whistleblowing_register"),
    path("whistleblowing/<id:pk>/", views.whistleblowing_detail, name="whistleblowing_detail"),
    path("whistleblowing/<id:pk>/step/", views.whistleblowing_step, name="whistleblowing_step"),
]
