from django.urls import path

from reporters.disclosure import views

urlpatterns: list = [
    path("", views.disclosure_list, name="disclosure_list"),
    path("new/", views.disclosure_new, name="disclosure_new"),
    path("<id:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("<id:pk>/decide/", views.disclosure_decide, name="disclosure_decide"),
    path("<id:pk>/package/", views.disclosure_package, name="disclosure_package"),
]
