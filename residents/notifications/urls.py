"""URLs of the inbox, under /inbox/ in the `notifications` namespace."""

from django.urls import path

from residents.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.inbox_read_all, name="read_all"),
]
