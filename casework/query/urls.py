"""URLs of the query cases (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.query import views as query_views

urlpatterns: list = [
    path("queries/new/<int:resident_pk>/", query_views.query_open, name="query_open"),
    path(
        "cases/<int:pk>/query/identity/", query_views.query_identity_check,
        name="query_identity_check",
    ),
    path(
        "cases/<int:pk>/query/result/", query_views.query_result_print,
        name="query_result_print",
    ),
]
