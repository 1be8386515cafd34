"""URLs of the background jobs page, under /jobs/ in the `jobs` namespace."""

from django.urls import path

from residents.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<id:job_pk>/retry/", views.job_retry, name="retry"),
]
