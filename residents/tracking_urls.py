"""URLs of the tracking pages, included in the `residents` namespace by residents/urls.py."""

urlpatterns: list = []
