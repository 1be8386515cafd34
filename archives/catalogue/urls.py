from django.urls import path

from archives.catalogue import views

urlpatterns = [
    path("residents/<id:pk>/", views.resident_archive, name="resident_archive"),
]
