"""Public URLs of the policies and regulations page (PUB-1), with its notice."""

from django.urls import path

from casework.policies import views

urlpatterns = [
    path("policies/", views.public_list, name="policies"),
    path("policies/notice.pdf", views.public_notice, name="policies_notice"),
    path("policies/<id:pk>/", views.public_detail, name="policy"),
    path("policies/<id:pk>/document/", views.public_document, name="policy_document"),
]
