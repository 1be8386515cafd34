"""Public pages without login (PUB-1): service guide, board of handled complaints, handled affairs,
policies, online form."""

from django.urls import include, path

app_name = "public"

urlpatterns = [
    path("", include("casework.guide.urls")),
    path("", include("casework.board.urls")),
    path("", include("casework.whistleblowing.public_urls")),
    path("", include("casework.surveys.public_urls")),
    path("", include("casework.policies.public_urls")),
]
