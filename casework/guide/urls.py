"""Public URLs of the service guide (included in casework/public_urls.py)."""

from django.urls import path

from casework.guide import views as guide_views

urlpatterns: list = [
    path("guide/", guide_views.guide, name="guide"),
    path("guide/<id:item_pk>/", guide_views.guide_item, name="guide_item"),
]
