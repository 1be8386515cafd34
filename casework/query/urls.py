"""URLs of the query cases (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.query import views as query_views

urlpatterns: list = [
    path("queries/new/<id:resident_pk>/", query_views.query_open, name="query_open"),
    path(
        "cases/<id:pk>/query/identity/", query_views.query_identity_check,
        name="query_identity_check",
    ),
    path(
        "cases/<id:pk>/query/result/", query_views.query_result_print,
        name="query_result_print",
    ),
]
