"""Households (户), memberships over time and social contacts: rules, pages, access and audit."""

from __future__ import annotations

import datetime
import random
import threading

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from residents import roles
from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.common.errors import ActionRefused
from residents.common.timeline import timeline_for
from residents.households import demo as demo_households
from residents.households import services
from residents.models import Household, HouseholdMembership, Relationship, SocialContact
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_refusals():
    """Refusal messages are matched in English; the application's default language is Chinese."""
    with translation.override("en"):
        yield

TODAY = timezone.localdate


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_household(manager, *, number: str = "110101000001", head=None, since=None):
    head = head or make_resident()
    household = services.household_create(
        number=number, address="北京市东城区和平里街道 幸福小区 1号楼1单元101室", head=head,
        joined_on=since or days_ago(1000), actor=manager,
    )
    return household, head


def add(household, resident, relationship=Relationship.CHILD, *, actor, joined_on=None):
    return services.household_add_member(
        household=household, resident=resident, relationship=relationship,
        joined_on=joined_on or days_ago(500), actor=actor,
    )


def current_of(resident):
    return HouseholdMembership.objects.filter(resident=resident, left_on__isnull=True).first()


def reads(purpose: str) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__purpose=purpose
        ).order_by("pk")
    )


# --- rules ----------------------------------------------------------------------------------


def test_creating_a_household_makes_the_head_its_first_member(manager):
    household, head = new_household(manager)
    membership = HouseholdMembership.objects.get(household=household)
    assert membership.resident == head
    assert membership.relationship == Relationship.HEAD
    assert membership.left_on is None
    assert membership.recorded_by == manager
    assert household.created_by == manager


def test_a_household_number_is_used_once(manager):
    new_household(manager, number="110101000001")
    with pytest.raises(ActionRefused) as refused:
        new_household(manager, number=" 110101 000001 ")
    assert refused.value.field == "number"
    assert Household.objects.count() == 1


def test_a_household_cannot_have_two_current_heads(manager):
    household, _head = new_household(manager)
    with pytest.raises(ActionRefused) as refused:
        add(household, make_resident(), Relationship.HEAD, actor=manager)
    assert refused.value.field == "relationship"
    # The database refuses it too, whatever path the row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=household, resident=make_resident(), relationship=Relationship.HEAD,
            joined_on=days_ago(10), recorded_by=manager,
        )


def test_a_member_cannot_be_added_twice_nor_to_a_second_household(manager):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    child = make_resident()
    add(household, child, actor=manager)
    with pytest.raises(ActionRefused, match="already a member of this household"):
        add(household, child, actor=manager)
    with pytest.raises(ActionRefused, match="already belongs to household 110101000001"):
        add(other, child, actor=manager)
    assert HouseholdMembership.objects.filter(resident=child).count() == 1


def test_moving_a_member_ends_the_old_membership_and_keeps_it_as_history(manager):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    child = make_resident()
    old = add(household, child, actor=manager, joined_on=days_ago(500))
    moved = services.membership_move(
        membership=old, to_household=other, relationship=Relationship.CHILD_IN_LAW,
        moved_on=days_ago(30), actor=manager,
    )
    old.refresh_from_db()
    assert old.left_on == days_ago(30)
    assert moved.household == other
    assert moved.joined_on == days_ago(30)
    assert moved.left_on is None
    assert current_of(child) == moved
    assert HouseholdMembership.objects.filter(resident=child).count() == 2


def test_a_refused_move_changes_nothing(manager):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    membership = add(household, make_resident(), actor=manager)
    with pytest.raises(ActionRefused, match="already has a head"):
        services.membership_move(
            membership=membership, to_household=other, relationship=Relationship.HEAD,
            moved_on=days_ago(1), actor=manager,
        )
    membership.refresh_from_db()
    assert membership.left_on is None
    assert other.memberships.count() == 1


def test_a_move_or_end_date_before_joining_or_in_the_future_is_refused(manager):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    membership = add(household, make_resident(), actor=manager, joined_on=days_ago(100))
    with pytest.raises(ActionRefused) as refused:
        services.membership_end(membership=membership, left_on=days_ago(101), actor=manager)
    assert refused.value.field == "left_on"
    with pytest.raises(ActionRefused) as refused:
        services.membership_move(
            membership=membership, to_household=other, relationship=Relationship.CHILD,
            moved_on=TODAY() + datetime.timedelta(days=1), actor=manager,
        )
    assert refused.value.field == "moved_on"
    # The day of joining itself is a valid last day.
    services.membership_end(membership=membership, left_on=days_ago(100), actor=manager)


def test_rejoining_cannot_start_before_the_last_membership_ended(manager):
    household, _head = new_household(manager)
    child = make_resident()
    membership = add(household, child, actor=manager, joined_on=days_ago(300))
    services.membership_end(membership=membership, left_on=days_ago(100), actor=manager)
    with pytest.raises(ActionRefused, match="cannot start"):
        add(household, child, actor=manager, joined_on=days_ago(101))
    again = add(household, child, actor=manager, joined_on=days_ago(100))
    assert current_of(child) == again


def test_the_head_leaves_only_as_the_last_member(manager):
    household, head = new_household(manager)
    child = add(household, make_resident(), actor=manager)
    head_membership = current_of(head)
    with pytest.raises(ActionRefused, match="Make another member the head"):
        services.membership_end(membership=head_membership, left_on=days_ago(1), actor=manager)
    services.membership_end(membership=child, left_on=days_ago(1), actor=manager)
    services.membership_end(membership=head_membership, left_on=days_ago(1), actor=manager)
    assert not household.memberships.filter(left_on__isnull=True).exists()


def test_changing_the_head_keeps_the_former_head_as_a_member(manager):
    household, head = new_household(manager)
    son = add(household, make_resident(), Relationship.CHILD, actor=manager)
    services.household_change_head(
        household=household, new_head=son, former_head_relationship=Relationship.PARENT,
        actor=manager,
    )
    assert current_of(head).relationship == Relationship.PARENT
    assert current_of(son.resident).relationship == Relationship.HEAD
    with pytest.raises(ActionRefused):
        services.household_change_head(
            household=household, new_head=current_of(head),
            former_head_relationship=Relationship.HEAD, actor=manager,
        )
    # The earlier relationship stays in the change log.
    changes = LogEntry.objects.get_for_object(current_of(head)).filter(
        action=LogEntry.Action.UPDATE
    )
    assert [entry.changes["relationship"] for entry in changes] == [["head", "parent"]]


def test_a_member_of_another_household_cannot_become_head(manager):
    household, _head = new_household(manager)
    other, other_head = new_household(manager, number="110101000002")
    with pytest.raises(ActionRefused, match="current member"):
        services.household_change_head(
            household=household, new_head=current_of(other_head),
            former_head_relationship=Relationship.SPOUSE, actor=manager,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_adding_one_resident_to_two_households_at_once_adds_exactly_once():
    manager = make_user(roles.MANAGER)
    first, _h1 = new_household(manager, number="110101000101")
    second, _h2 = new_household(manager, number="110101000102")
    resident = make_resident()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def join(household):
        try:
            barrier.wait(timeout=10)
            add(household, resident, actor=manager)
            outcome: object = "added"
        except ActionRefused:
            outcome = "refused"
        except Exception as exc:  # an IntegrityError escaping would show here
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=join, args=(h,)) for h in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(map(str, outcomes)) == ["added", "refused"], outcomes
    assert HouseholdMembership.objects.filter(resident=resident).count() == 1


# --- household pages ------------------------------------------------------------------------


def test_manager_creates_a_household_from_the_page(manager):
    head = make_resident()
    response = client_for(manager).post(
        reverse("residents:household_create"),
        {"number": "110101000009", "address": "幸福小区 2号楼3单元502室",
         "archive_number": head.archive_number.lower(), "joined_on": days_ago(10).isoformat()},
    )
    household = Household.objects.get(number="110101000009")
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:household_detail", args=[household.pk])
    assert current_of(head).household == household


def test_create_page_shows_every_error_next_to_its_field_and_saves_nothing(manager):
    new_household(manager, number="110101000001")
    response = client_for(manager).post(
        reverse("residents:household_create"),
        {"number": "110101000001", "address": "", "archive_number": "JM-2020-999999",
         "joined_on": (TODAY() + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"number", "address", "archive_number", "joined_on"}
    html = response.content.decode()
    assert 'id="id_number_error"' in html and 'id="id_joined_on_error"' in html
    assert 'type="date"' in html and "data-once" in html
    assert Household.objects.count() == 1


def test_list_searches_by_number_and_address_and_counts_current_members(manager):
    household, head = new_household(manager, number="110101000001")
    add(household, make_resident(), actor=manager)
    left = add(household, make_resident(), actor=manager)
    services.membership_end(membership=left, left_on=days_ago(1), actor=manager)
    services.household_create(
        number="110101000777", address="北京市东城区安定门街道 某小区", head=make_resident(),
        joined_on=days_ago(5), actor=manager,
    )
    client = client_for(manager)
    response = client.get(reverse("residents:household_list"), {"q": "000001"})
    rows = response.context["rows"]
    assert [(h.number, h.member_count, shown_head) for h, shown_head in rows] == [
        ("110101000001", 2, head)
    ]
    response = client.get(reverse("residents:household_list"), {"q": "安定门"})
    assert [h.number for h, _head in response.context["rows"]] == ["110101000777"]
    assert reads("household_list")[-1].object_pk == str(
        HouseholdMembership.objects.get(household__number="110101000777").resident_id
    )


def test_detail_shows_current_and_former_members_and_logs_each_read(manager):
    household, head = new_household(manager)
    child = make_resident()
    left = add(household, child, actor=manager, joined_on=days_ago(400))
    services.membership_end(membership=left, left_on=days_ago(20), actor=manager)
    spouse = make_resident()
    add(household, spouse, Relationship.SPOUSE, actor=manager)
    response = client_for(manager).get(
        reverse("residents:household_detail", args=[household.pk]), REMOTE_ADDR="198.51.100.9"
    )
    assert [m["resident"] for m in response.context["current"]] == [head, spouse]
    assert [m["resident"] for m in response.context["former"]] == [child]
    html = response.content.decode()
    assert child.name in html and days_ago(20).isoformat() in html
    logged = reads("household_detail")
    assert sorted(int(e.object_pk) for e in logged) == sorted([head.pk, child.pk, spouse.pk])
    assert logged[0].actor == manager
    assert logged[0].remote_addr == "198.51.100.9"
    assert logged[0].additional_data["field_groups"] == ["basic", "sensitive"]


def test_members_are_shown_only_as_far_as_the_viewer_may_see_them(manager):
    household, head = new_household(manager)
    # Household permission without any resident role: the household, but no member.
    clerk = make_user(roles.OTHER_STAFF)
    clerk.user_permissions.add(Permission.objects.get(codename="view_household"))
    response = client_for(clerk).get(reverse("residents:household_detail", args=[household.pk]))
    assert response.status_code == 200
    assert response.context["current"] == []
    assert head.name not in response.content.decode()
    assert reads("household_detail") == []


@pytest.mark.parametrize("role", [roles.FRONT_DESK, roles.OTHER_STAFF, roles.AUDITOR])
def test_roles_without_household_permissions_get_403_on_household_pages(manager, role):
    household, _head = new_household(manager)
    client = client_for(make_user(role))
    for url in (
        reverse("residents:household_list"),
        reverse("residents:household_create"),
        reverse("residents:household_detail", args=[household.pk]),
        reverse("residents:household_detail", args=[household.pk + 1000]),
        reverse("residents:household_add_member", args=[household.pk]),
        reverse("residents:household_change_head", args=[household.pk]),
    ):
        assert client.get(url).status_code == 403, url
    missing = reverse("residents:household_detail", args=[household.pk + 1000])
    assert client_for(manager).get(missing).status_code == 404


def test_front_desk_gets_404_on_membership_urls_and_the_attempt_is_logged(manager, front_desk):
    household, head = new_household(manager)
    membership = current_of(head)
    client = client_for(front_desk)
    for name in ("membership_move", "membership_end"):
        response = client.get(reverse(f"residents:{name}", args=[membership.pk]))
        assert response.status_code == 404
        assert head.name not in response.content.decode()
    denied = LogEntry.objects.filter(additional_data__event="denied", actor=front_desk)
    assert [e.object_pk for e in denied] == [str(head.pk)] * 2


def test_manager_adds_a_member_and_moves_them_through_the_pages(manager):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    member = make_resident()
    client = client_for(manager)
    response = client.post(
        reverse("residents:household_add_member", args=[household.pk]),
        {"archive_number": member.archive_number, "relationship": "child",
         "joined_on": days_ago(50).isoformat()},
    )
    assert response.status_code == 302
    membership = current_of(member)
    response = client.post(
        reverse("residents:membership_move", args=[membership.pk]),
        {"household_number": other.number, "relationship": "grandchild",
         "moved_on": days_ago(2).isoformat()},
    )
    assert response.status_code == 302
    assert current_of(member).household == other
    assert current_of(member).relationship == Relationship.GRANDCHILD


def test_refusals_of_a_service_appear_next_to_the_field(manager):
    household, _head = new_household(manager)
    _other, other_head = new_household(manager, number="110101000002")
    response = client_for(manager).post(
        reverse("residents:household_add_member", args=[household.pk]),
        {"archive_number": other_head.archive_number, "relationship": "child",
         "joined_on": days_ago(5).isoformat()},
    )
    assert response.status_code == 200
    assert "110101000002" in response.context["form"].errors["archive_number"][0]
    assert household.memberships.count() == 1


def test_manager_changes_the_head_on_the_page(manager):
    household, head = new_household(manager)
    daughter = add(household, make_resident(), actor=manager)
    response = client_for(manager).post(
        reverse("residents:household_change_head", args=[household.pk]),
        {"new_head": daughter.pk, "former_head_relationship": "parent"},
    )
    assert response.status_code == 302
    assert current_of(daughter.resident).relationship == Relationship.HEAD
    assert current_of(head).relationship == Relationship.PARENT


def test_change_head_page_offers_only_current_members_who_are_not_the_head(manager):
    household, head = new_household(manager)
    daughter = add(household, make_resident(), actor=manager)
    gone = add(household, make_resident(), actor=manager)
    services.membership_end(membership=gone, left_on=days_ago(1), actor=manager)
    client = client_for(manager)
    form = client.get(
        reverse("residents:household_change_head", args=[household.pk])
    ).context["form"]
    assert [pk for pk, _label in form.fields["new_head"].choices] == [daughter.pk]
    response = client.post(
        reverse("residents:household_change_head", args=[household.pk]),
        {"new_head": gone.pk, "former_head_relationship": "parent"},
    )
    assert "new_head" in response.context["form"].errors
    assert current_of(head).relationship == Relationship.HEAD


# --- social contacts ------------------------------------------------------------------------


def test_manager_adds_edits_and_removes_a_contact_with_a_normalised_phone(manager):
    resident = make_resident()
    client = client_for(manager)
    url = reverse("residents:social_contact_list", args=[resident.pk])
    response = client.post(
        url, {"name": "王芳", "relationship": "女儿", "phone": "139 0000 1111", "note": ""}
    )
    assert response.status_code == 302
    contact = SocialContact.objects.get(resident=resident)
    assert contact.phone == "13900001111"
    response = client.post(
        reverse("residents:social_contact_edit", args=[contact.pk]),
        {"name": "王芳", "relationship": "女儿", "phone": "010-64211234", "note": "紧急联系人"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.phone, contact.note) == ("010-64211234", "紧急联系人")
    response = client.post(reverse("residents:social_contact_remove", args=[contact.pk]))
    assert response.status_code == 302
    assert not SocialContact.objects.filter(resident=resident).exists()


def test_an_invalid_phone_is_refused_next_to_its_field_and_nothing_is_saved(manager):
    resident = make_resident()
    response = client_for(manager).post(
        reverse("residents:social_contact_list", args=[resident.pk]),
        {"name": "", "relationship": "邻居", "phone": "12345", "note": ""},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "phone"}
    assert 'id="id_phone_error"' in response.content.decode()
    assert not SocialContact.objects.exists()


def test_contacts_page_logs_the_read_and_shows_the_households(manager):
    household, head = new_household(manager)
    services.social_contact_add(
        resident=head, name="李强", relationship="兄弟", phone="13900002222", actor=manager
    )
    response = client_for(manager).get(reverse("residents:social_contact_list", args=[head.pk]))
    html = response.content.decode()
    assert "李强" in html and "13900002222" in html and household.number in html
    logged = reads("social_contacts")
    assert [e.object_pk for e in logged] == [str(head.pk)]
    assert logged[0].additional_data["field_groups"] == ["basic", "sensitive"]


def test_contacts_stay_hidden_from_the_front_desk(manager, front_desk):
    resident = make_resident()
    contact = services.social_contact_add(
        resident=resident, name="李强", relationship="兄弟", phone="13900002222", actor=manager
    )
    client = client_for(front_desk)
    page = client.get(reverse("residents:social_contact_list", args=[resident.pk]))
    assert page.status_code == 403
    edit = client.get(reverse("residents:social_contact_edit", args=[contact.pk]))
    assert edit.status_code == 404
    remove = client.post(reverse("residents:social_contact_remove", args=[contact.pk]))
    assert remove.status_code == 404
    for response in (page, edit, remove):
        assert "李强" not in response.content.decode()
    assert SocialContact.objects.filter(pk=contact.pk).exists()
    # Refusals on the contact URLs are audited against the contact's resident.
    denied = LogEntry.objects.filter(additional_data__event="denied", actor=front_desk)
    assert {e.object_pk for e in denied} == {str(resident.pk)}
    assert denied.count() == 3


def test_contacts_of_a_resident_the_user_may_not_see_answer_404(manager, other_staff):
    resident = make_resident()
    contact = services.social_contact_add(
        resident=resident, name="李强", relationship="兄弟", actor=manager
    )
    client = client_for(other_staff)
    assert client.get(
        reverse("residents:social_contact_list", args=[resident.pk])
    ).status_code == 404
    assert client.get(
        reverse("residents:social_contact_edit", args=[contact.pk])
    ).status_code == 404


# --- timeline -------------------------------------------------------------------------------


def test_timeline_shows_joins_and_leaves_to_those_who_see_comprehensive_information(
    manager, front_desk
):
    household, _head = new_household(manager)
    other, _other_head = new_household(manager, number="110101000002")
    child = make_resident()
    first = add(household, child, actor=manager, joined_on=days_ago(300))
    services.membership_move(
        membership=first, to_household=other, relationship=Relationship.SPOUSE,
        moved_on=days_ago(30), actor=manager,
    )
    with translation.override("en"):
        entries = [
            e for e in timeline_for(manager, child, policy_for(manager, child))
            if e.group == FieldGroup.SENSITIVE and "110101" in e.summary
        ]
    # Newest first; the leave and the join of the move share a day, in either order.
    assert [e.date for e in entries] == [days_ago(30), days_ago(30), days_ago(300)]
    assert sorted(e.kind for e in entries[:2]) == ["Joined a household", "Left a household"]
    assert entries[-1].kind == "Joined a household"
    assert entries[-1].url == reverse("residents:household_detail", args=[household.pk])
    fd_entries = timeline_for(front_desk, child, policy_for(front_desk, child))
    assert not [e for e in fd_entries if "110101" in e.summary]


# --- demo data ------------------------------------------------------------------------------


def test_demo_seed_builds_households_with_one_head_each_and_runs_once(manager, front_desk):
    rng = random.Random(7)
    # Two families sharing an address each, as the demo generator makes them.
    parents = [
        make_resident(address="幸福小区 1号楼101室", birth_date=datetime.date(1970, 3, 1),
                      gender="M"),
        make_resident(address="幸福小区 1号楼101室", birth_date=datetime.date(1972, 5, 1),
                      gender="F"),
        make_resident(address="幸福小区 1号楼101室", birth_date=datetime.date(1996, 5, 1),
                      gender="F"),
        make_resident(address="幸福小区 1号楼101室", birth_date=datetime.date(1945, 5, 1),
                      gender="F"),
        make_resident(address="幸福小区 2号楼202室", birth_date=datetime.date(1950, 1, 9),
                      gender="F"),
    ]
    users = {"frontdesk": front_desk, "manager": manager}
    created = demo_households.seed(rng=rng, users=users, residents=parents)
    assert created > 0
    assert demo_households.seed(rng=random.Random(8), users=users, residents=parents) == 0
    first = HouseholdMembership.objects.filter(
        resident__address="幸福小区 1号楼101室", household__address="幸福小区 1号楼101室"
    )
    relationships = {m.resident.birth_date.year: m.relationship for m in first}
    assert relationships[1970] == Relationship.HEAD
    assert relationships[1972] == Relationship.SPOUSE
    assert relationships[1996] == Relationship.CHILD
    assert relationships[1945] == Relationship.PARENT
    for household in Household.objects.all():
        heads = household.memberships.filter(left_on__isnull=True, relationship="head")
        assert heads.count() == 1
    assert all(c.phone.startswith("1") and len(c.phone) == 11 for c in SocialContact.objects.all())
    assert created == (
        Household.objects.count() + HouseholdMembership.objects.count()
        + SocialContact.objects.count()
    )
