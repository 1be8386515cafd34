"""URLs of exceptional access (ACC-2), in the `residents` namespace.

URLs naming a grant use `grant_pk`, so refusals are audited against the grant's resident.
"""

from django.urls import path

from residents.access import views

urlpatterns = [
    path("access/", views.grant_list, name="grant_list"),
    path("access/new/", views.grant_request, name="grant_request"),
    path("access/<id:grant_pk>/approve/", views.grant_approve, name="grant_approve"),
    path("access/<id:grant_pk>/reject/", views.grant_reject, name="grant_reject"),
    path("access/<id:grant_pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
