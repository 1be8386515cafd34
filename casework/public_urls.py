"""Public pages without login (PUB-1): service guide, board of handled complaints, online form."""

from casework.board import urls as board_urls
from casework.guide import urls as guide_urls

app_name = "public"

urlpatterns = [*guide_urls.urlpatterns, *board_urls.urlpatterns]
