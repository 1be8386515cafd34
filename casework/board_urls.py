"""Public URLs of the complaints board and the online complaint form."""

urlpatterns: list = []
