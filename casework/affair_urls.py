"""URLs of the affair cases (included in casework/urls.py under the casework namespace)."""

urlpatterns: list = []
