from django.urls import path

from archives.volumes import views

urlpatterns = [
    path("", views.volume_list, name="volume_list"),
    path("volumes/new/", views.volume_create, name="volume_create"),
    path("volumes/<id:pk>/", views.volume_detail, name="volume_detail"),
    path("retention/", views.retention_settings, name="retention"),
    path("catalogue.pdf", views.catalogue_pdf, name="catalogue_pdf"),
    path("index.pdf", views.index_pdf, name="index_pdf"),
]
