"""URLs of the household pages, included in the `residents` namespace by residents/urls.py."""

urlpatterns: list = []
