"""URLs of the complaint cases (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.complaints import views as complaint_views

urlpatterns: list = [
    path("complaints/new/", complaint_views.complaint_register, name="complaint_register"),
    path(
        "cases/<id:pk>/publish/", complaint_views.complaint_publish, name="complaint_publish"
    ),
    path(
        "cases/<id:pk>/unpublish/", complaint_views.complaint_unpublish,
        name="complaint_unpublish",
    ),
]
