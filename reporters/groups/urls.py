from django.urls import path

from reporters.groups import views

urlpatterns: list = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_edit, name="group_new"),
    path("<id:pk>/", views.group_edit, name="group_edit"),
    path("<id:pk>/seal/", views.group_seal, name="group_seal"),
]
