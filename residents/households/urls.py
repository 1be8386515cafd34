"""URLs of the household pages, included in the `residents` namespace by residents/urls.py.

`household_pk` names a household, which is not a resident. `membership_pk` and `social_contact_pk`
name records about a resident: declared with resident_url_kwarg in ResidentsConfig.ready() so
refusals are audited. (`contact_pk` is taken by the tracking pages' contact records: the registry is
keyed by kwarg, so sharing it would audit refusals against the wrong resident.)
"""

from django.urls import path

from residents.households import views

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<id:household_pk>/", views.household_detail, name="household_detail"),
    path(
        "households/<id:household_pk>/members/new/",
        views.household_add_member,
        name="household_add_member",
    ),
    path(
        "households/<id:household_pk>/head/",
        views.household_change_head,
        name="household_change_head",
    ),
    path(
        "households/memberships/<id:membership_pk>/move/",
        views.membership_move,
        name="membership_move",
    ),
    path(
        "households/memberships/<id:membership_pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("<id:pk>/social-contacts/", views.social_contact_list, name="social_contact_list"),
    path(
        "social-contacts/<id:social_contact_pk>/edit/",
        views.social_contact_edit,
        name="social_contact_edit",
    ),
    path(
        "social-contacts/<id:social_contact_pk>/remove/",
        views.social_contact_remove,
        name="social_contact_remove",
    ),
]
