"""URLs of the change cases (included in casework/urls.py under the casework namespace)."""

urlpatterns: list = []
