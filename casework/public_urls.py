"""Public pages without login (PUB-1): service guide, board of handled complaints, online form."""

from casework import board_urls, guide_urls

app_name = "public"

urlpatterns = [*guide_urls.urlpatterns, *board_urls.urlpatterns]
