"""Public URLs of the complaints board, handled affairs and the online complaint form; each
public list also prints as a notice."""

from django.urls import path

from casework.board import views as board_views

urlpatterns: list = [
    path("board/", board_views.board, name="board"),
    path("board/notice.pdf", board_views.board_notice, name="board_notice"),
    path("affairs/", board_views.affairs_board, name="affairs_board"),
    path("affairs/notice.pdf", board_views.affairs_notice, name="affairs_notice"),
    path("complaints/new/", board_views.complaint_new, name="complaint_new"),
    path("complaints/done/", board_views.complaint_done, name="complaint_done"),
]
