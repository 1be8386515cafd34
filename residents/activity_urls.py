"""URLs of the activity pages, included in the `residents` namespace by residents/urls.py."""

urlpatterns: list = []
