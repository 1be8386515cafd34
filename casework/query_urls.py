"""URLs of the query cases (included in casework/urls.py under the casework namespace)."""

urlpatterns: list = []
