"""Managers' policy pages under /casework/policies/ (the public ones are in casework/board)."""

from django.urls import path

from casework.policies import views

urlpatterns = [
    path("policies/", views.manage, name="policy_manage"),
    path("policies/new/", views.create, name="policy_create"),
    path("policies/<id:pk>/edit/", views.edit, name="policy_edit"),
    path("policies/<id:pk>/withdraw/", views.withdraw, name="policy_withdraw"),
]
