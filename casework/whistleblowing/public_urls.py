"""The public whistle-blowing form, under /public/ (no login)."""

from django.urls import path

from casework.whistleblowing import views

urlpatterns = [
    path("whistleblowing/", views.whistleblowing_new, name="whistleblowing_new"),
    path("whistleblowing/sent/", views.whistleblowing_done, name="whistleblowing_done"),
]
