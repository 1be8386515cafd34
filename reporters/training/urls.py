from django.urls import path

from reporters.training import views

urlpatterns: list = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_edit, name="training_new"),
    path("compliance/", views.training_compliance, name="training_compliance"),
    path("<id:pk>/", views.training_detail, name="training_detail"),
    path("<id:pk>/edit/", views.training_edit, name="training_edit"),
]
