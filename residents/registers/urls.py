"""URLs of the register pages, included in the `residents` namespace by residents/urls.py."""

from django.urls import path

from residents.registers import views

urlpatterns = [
    path("<id:pk>/registers/", views.resident_registers, name="registers"),
    path("<id:pk>/registers/hardship/new/", views.hardship_create, name="hardship_create"),
    path(
        "<id:pk>/registers/key-person/new/", views.key_person_create, name="key_person_create"
    ),
    path("registers/hardship/<id:hardship_pk>/", views.hardship_detail, name="hardship_detail"),
    path("registers/hardship/<id:hardship_pk>/end/", views.hardship_end, name="hardship_end"),
    path(
        "registers/hardship/<id:hardship_pk>/review/", views.hardship_review,
        name="hardship_review",
    ),
    path(
        "registers/hardship/<id:hardship_pk>/help/", views.help_ledger_add,
        name="help_ledger_add",
    ),
    path(
        "registers/key-person/<id:key_person_pk>/", views.key_person_detail,
        name="key_person_detail",
    ),
    path(
        "registers/key-person/<id:key_person_pk>/end/", views.key_person_end,
        name="key_person_end",
    ),
    path(
        "registers/key-person/<id:key_person_pk>/review/", views.key_person_review,
        name="key_person_review",
    ),
    path(
        "registers/key-person/<id:key_person_pk>/visit/", views.key_person_visit,
        name="key_person_visit",
    ),
    path(
        "worklists/key-person-visits/", views.worklist_key_person_visits,
        name="worklist_key_person_visits",
    ),
    path(
        "worklists/hardship-reviews/", views.worklist_hardship_reviews,
        name="worklist_hardship_reviews",
    ),
]
