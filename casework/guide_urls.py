"""Public URLs of the service guide (included in casework/public_urls.py)."""

urlpatterns: list = []
