"""URLs of the complaint cases (included in casework/urls.py under the casework namespace)."""

urlpatterns: list = []
