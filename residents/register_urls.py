"""URLs of the register pages, included in the `residents` namespace by residents/urls.py."""

urlpatterns: list = []
