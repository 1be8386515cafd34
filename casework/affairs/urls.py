"""URLs of the affair cases (included in casework/urls.py under the casework namespace)."""

from django.urls import path

from casework.affairs import views as affair_views

urlpatterns: list = [
    # The affairs catalogue (AFF-1).
    path("catalogue/", affair_views.catalogue_list, name="catalogue_list"),
    path("catalogue/add/", affair_views.catalogue_add, name="catalogue_add"),
    path("catalogue/<id:item_pk>/edit/", affair_views.catalogue_edit, name="catalogue_edit"),
    # Acceptance at the window (AFF-2) and the affair's own steps and prints (PRI-4).
    path("affairs/accept/", affair_views.affair_accept, name="affair_accept"),
    path(
        "affairs/<id:pk>/materials-complete/", affair_views.affair_materials_complete,
        name="affair_materials_complete",
    ),
    path(
        "affairs/<id:pk>/one-time-notice/", affair_views.affair_notice_print,
        name="affair_notice_print",
    ),
    path(
        "affairs/<id:pk>/receipt/", affair_views.affair_receipt_print,
        name="affair_receipt_print",
    ),
]
