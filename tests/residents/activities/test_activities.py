"""Services handled for residents, community activities and volunteer teams (SVC-1, SVC-2)."""

from __future__ import annotations

import datetime
import random

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from residents import roles
from residents.access import services as grants
from residents.access.fields import FieldGroup
from residents.access.policy import policy_for
from residents.activities import demo as demo_activities
from residents.activities import selectors as activity_selectors
from residents.activities import services as activity_services
from residents.common.errors import ActionRefused
from residents.models import (
    Activity,
    ActivityKind,
    GrantScope,
    Participation,
    ServiceKind,
    ServiceOutcome,
    ServiceRecord,
    VolunteerMembership,
    VolunteerTeam,
)
from tests.factories import make_resident, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def shown(message: str) -> str:
    """A message as the (Chinese) pages show it."""
    with translation.override("zh-hans"):
        return gettext(message)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_service(resident, actor, kind=ServiceKind.MEDICAL, applied=10, note="") -> ServiceRecord:
    return activity_services.service_record_create(
        resident=resident, kind=kind, applied_on=days_ago(applied), note=note, actor=actor
    )


def new_activity(actor, *, held_on=None, kind=ActivityKind.CULTURAL, title="重阳节茶话会"):
    return activity_services.activity_create(
        title=title, kind=kind, held_on=held_on or TODAY(), place="社区活动室",
        description="", team=None, actor=actor,
    )


def new_team(actor, name="夕阳红志愿服务队", founded=365) -> VolunteerTeam:
    return activity_services.volunteer_team_create(
        name=name, description="", created_on=days_ago(founded), actor=actor
    )


# --- service outcomes ----------------------------------------------------------------------


def test_a_new_service_is_in_progress_and_can_be_closed_with_an_outcome(front_desk):
    resident = make_resident(actor=front_desk)
    record = new_service(resident, front_desk, applied=10)
    assert record.outcome == ServiceOutcome.IN_PROGRESS
    closed = activity_services.service_record_set_outcome(
        record=record, outcome=ServiceOutcome.APPROVED, outcome_on=days_ago(3), actor=front_desk
    )
    record.refresh_from_db()
    assert (record.outcome, record.outcome_on) == (ServiceOutcome.APPROVED, days_ago(3))
    assert closed.outcome == ServiceOutcome.APPROVED


@pytest.mark.parametrize(
    "outcome", [ServiceOutcome.APPROVED, ServiceOutcome.REJECTED, ServiceOutcome.WITHDRAWN]
)
def test_a_final_outcome_cannot_be_changed(front_desk, outcome):
    record = new_service(make_resident(actor=front_desk), front_desk)
    activity_services.service_record_set_outcome(
        record=record, outcome=outcome, outcome_on=TODAY(), actor=front_desk
    )
    for other in (ServiceOutcome.APPROVED, ServiceOutcome.REJECTED, ServiceOutcome.WITHDRAWN):
        with pytest.raises(ActionRefused):
            activity_services.service_record_set_outcome(
                record=record, outcome=other, outcome_on=TODAY(), actor=front_desk
            )
    record.refresh_from_db()
    assert record.outcome == outcome


def test_an_outcome_cannot_go_back_to_in_progress(front_desk):
    record = new_service(make_resident(actor=front_desk), front_desk)
    with pytest.raises(ActionRefused) as refused:
        activity_services.service_record_set_outcome(
            record=record, outcome=ServiceOutcome.IN_PROGRESS, outcome_on=TODAY(),
            actor=front_desk,
        )
    assert refused.value.field == "outcome"


def test_the_outcome_date_may_equal_but_not_precede_the_application(front_desk):
    resident = make_resident(actor=front_desk)
    early = new_service(resident, front_desk, applied=5)
    with pytest.raises(ActionRefused) as refused:
        activity_services.service_record_set_outcome(
            record=early, outcome=ServiceOutcome.APPROVED, outcome_on=days_ago(6),
            actor=front_desk,
        )
    assert refused.value.field == "outcome_on"
    activity_services.service_record_set_outcome(
        record=early, outcome=ServiceOutcome.APPROVED, outcome_on=days_ago(5), actor=front_desk
    )
    early.refresh_from_db()
    assert early.outcome_on == days_ago(5)


def test_future_dates_are_refused(front_desk):
    resident = make_resident(actor=front_desk)
    tomorrow = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ActionRefused):
        activity_services.service_record_create(
            resident=resident, kind=ServiceKind.MEDICAL, applied_on=tomorrow, note="",
            actor=front_desk,
        )
    record = new_service(resident, front_desk)
    with pytest.raises(ActionRefused):
        activity_services.service_record_set_outcome(
            record=record, outcome=ServiceOutcome.APPROVED, outcome_on=tomorrow,
            actor=front_desk,
        )


def test_outcome_page_shows_the_refusal_next_to_the_date_and_saves_nothing(
    front_desk, front_desk_client
):
    record = new_service(make_resident(actor=front_desk), front_desk, applied=5)
    url = reverse("residents:service_outcome", args=[record.pk])
    response = front_desk_client.post(
        url, {"outcome": "approved", "outcome_on": days_ago(9).isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_outcome_on_error"' in html
    record.refresh_from_db()
    assert record.outcome == ServiceOutcome.IN_PROGRESS
    response = front_desk_client.post(url, {"outcome": "rejected", "outcome_on": TODAY()})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == ServiceOutcome.REJECTED


def test_outcome_page_of_a_closed_service_offers_no_form(front_desk, front_desk_client):
    record = new_service(make_resident(actor=front_desk), front_desk)
    activity_services.service_record_set_outcome(
        record=record, outcome=ServiceOutcome.WITHDRAWN, outcome_on=TODAY(), actor=front_desk
    )
    url = reverse("residents:service_outcome", args=[record.pk])
    response = front_desk_client.get(url)
    assert 'name="outcome_on"' not in response.content.decode()
    response = front_desk_client.post(url, {"outcome": "approved", "outcome_on": TODAY()})
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.outcome == ServiceOutcome.WITHDRAWN


# --- economic applications (低保, 特困) ------------------------------------------------------


def test_front_desk_records_a_dibao_application_but_never_sees_it_listed(
    front_desk, front_desk_client, manager
):
    resident = make_resident(actor=front_desk)
    new_service(resident, front_desk, kind=ServiceKind.MEDICAL, note="家庭医生签约")
    response = front_desk_client.post(
        reverse("residents:service_create", args=[resident.pk]),
        {"kind": "dibao", "applied_on": TODAY().isoformat(), "note": "收取家庭收入申报材料"},
    )
    assert response.status_code == 302
    dibao = ServiceRecord.objects.get(resident=resident, kind=ServiceKind.DIBAO)
    assert dibao.handled_by == front_desk

    listed = front_desk_client.get(reverse("residents:service_list", args=[resident.pk]))
    html = listed.content.decode()
    assert "家庭医生签约" in html
    assert "收取家庭收入申报材料" not in html
    assert reverse("residents:service_outcome", args=[dibao.pk]) not in html
    assert str(ServiceKind.DIBAO.label) not in html
    # The record itself answers as if it did not exist.
    outcome_url = reverse("residents:service_outcome", args=[dibao.pk])
    assert front_desk_client.get(outcome_url).status_code == 404
    assert front_desk_client.post(
        outcome_url, {"outcome": "approved", "outcome_on": TODAY()}
    ).status_code == 404
    open_list = front_desk_client.get(reverse("residents:service_open_list")).content.decode()
    assert "收取家庭收入申报材料" not in open_list and outcome_url not in open_list

    manager_html = client_for(manager).get(
        reverse("residents:service_list", args=[resident.pk])
    ).content.decode()
    assert "收取家庭收入申报材料" in manager_html
    assert outcome_url in manager_html


def test_timeline_leaves_economic_applications_out_for_the_front_desk(front_desk, manager):
    resident = make_resident(actor=front_desk)
    new_service(resident, front_desk, kind=ServiceKind.TEKUN)
    new_service(resident, front_desk, kind=ServiceKind.EDUCATION)

    def timeline_groups(user):
        policy = policy_for(user, resident)
        return sorted(
            entry.group for entry in activity_selectors.activity_timeline(user, resident, policy)
        )

    assert timeline_groups(front_desk) == [FieldGroup.SERVICE_NEEDS]
    assert timeline_groups(manager) == [FieldGroup.SENSITIVE, FieldGroup.SERVICE_NEEDS]


def test_service_pages_of_a_hidden_resident_answer_404_and_are_audited(front_desk):
    resident = make_resident(actor=front_desk)
    record = new_service(resident, front_desk)
    stranger = make_user(roles.OTHER_STAFF)
    client = client_for(stranger)
    assert client.get(reverse("residents:service_list", args=[resident.pk])).status_code == 404
    assert client.get(
        reverse("residents:service_outcome", args=[record.pk])
    ).status_code == 404
    denied = LogEntry.objects.filter(
        actor=stranger, object_pk=str(resident.pk), additional_data__event="denied"
    )
    assert denied.count() == 2


# --- activities, participants and attendance ---------------------------------------------------


def test_attendance_counts_follow_the_marks(front_desk, front_desk_client):
    activity = new_activity(front_desk, held_on=days_ago(1))
    people = [make_resident(actor=front_desk) for _ in range(3)]
    participations = [
        activity_services.participation_add(activity=activity, resident=r, actor=front_desk)
        for r in people
    ]
    for participation in participations[:2]:
        response = front_desk_client.post(
            reverse("residents:participation_attendance", args=[participation.pk]),
            {"attended": "yes"},
        )
        assert response.status_code == 302
    # Marking one back as absent lowers the count again.
    front_desk_client.post(
        reverse("residents:participation_attendance", args=[participations[1].pk]),
        {"attended": "no"},
    )
    listed = activity_selectors.activities_list(front_desk).get(pk=activity.pk)
    assert (listed.participant_count, listed.attended_count) == (3, 1)
    html = front_desk_client.get(
        reverse("residents:activity_detail", args=[activity.pk])
    ).content.decode()
    assert '<dd id="participant-count">3</dd>' in html
    assert '<dd id="attended-count">1</dd>' in html


def test_attendance_cannot_be_marked_before_the_activity_day(front_desk):
    activity = new_activity(front_desk, held_on=TODAY() + datetime.timedelta(days=1))
    participation = activity_services.participation_add(
        activity=activity, resident=make_resident(actor=front_desk), actor=front_desk
    )
    with pytest.raises(ActionRefused):
        activity_services.participation_set_attendance(
            participation=participation, attended=True, actor=front_desk
        )
    participation.refresh_from_db()
    assert participation.attended is False


def test_adding_a_participant_twice_is_refused_with_a_message(front_desk, front_desk_client):
    activity = new_activity(front_desk)
    resident = make_resident(actor=front_desk)
    url = reverse("residents:participant_add", args=[activity.pk])
    assert front_desk_client.post(
        url, {"archive_number": resident.archive_number}
    ).status_code == 302
    # Typed with a Chinese IME: full-width letters and digits still name the same resident.
    full_width = resident.archive_number.translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789JM-"}
    )
    response = front_desk_client.post(url, {"archive_number": full_width})
    assert response.status_code == 200
    html = response.content.decode()
    assert shown("This resident is already a participant of this activity.") in html
    assert 'id="id_archive_number_error"' in html
    assert Participation.objects.filter(activity=activity).count() == 1


def test_an_unknown_or_hidden_archive_number_gets_the_same_message(front_desk):
    activity = new_activity(front_desk)
    resident = make_resident(actor=front_desk)
    # A user who may add participants but see no resident cannot probe archive numbers.
    organiser = make_user(None)
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_activity", "add_participation"])
    )
    url = reverse("residents:participant_add", args=[activity.pk])
    client = client_for(organiser)
    hidden = client.post(url, {"archive_number": resident.archive_number}).content.decode()
    unknown = client.post(url, {"archive_number": "JM-1999-999999"}).content.decode()
    message = shown("No resident has this archive number. Check the number and try again.")
    assert message in hidden and message in unknown
    assert resident.name not in hidden
    assert not Participation.objects.exists()


def test_participant_names_reach_only_users_who_see_the_resident(front_desk):
    activity = new_activity(front_desk)
    seen, unseen = make_resident(actor=front_desk), make_resident(actor=front_desk)
    for resident in (seen, unseen):
        activity_services.participation_add(activity=activity, resident=resident, actor=front_desk)
    # Staff with the activity permission but no resident role, and a grant for one resident.
    organiser = make_user(roles.OTHER_STAFF)
    organiser.user_permissions.add(Permission.objects.get(codename="view_activity"))
    manager = make_user(roles.MANAGER)
    manager.user_permissions.add(Permission.objects.get(codename="approve_accessgrant"))
    grant = grants.grant_request(
        requester=organiser, resident=seen, purpose="核对活动报名", scope=GrantScope.SERVICE
    )
    grants.grant_approve(
        grant=grant, approver=manager,
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    response = client_for(organiser).get(reverse("residents:activity_detail", args=[activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert seen.name in html
    assert unseen.name not in html
    assert unseen.archive_number not in html
    assert '<dd id="participant-count">2</dd>' in html
    reads = LogEntry.objects.filter(
        actor=organiser, additional_data__purpose="activity_detail"
    )
    assert list(reads.values_list("object_pk", flat=True)) == [str(seen.pk)]


def test_activity_page_logs_one_read_per_participant_in_constant_queries(
    front_desk, front_desk_client
):
    activity = new_activity(front_desk)
    url = reverse("residents:activity_detail", args=[activity.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert front_desk_client.get(url).status_code == 200
        return len(captured)

    activity_services.participation_add(
        activity=activity, resident=make_resident(actor=front_desk), actor=front_desk
    )
    few = queries()
    for _ in range(6):
        activity_services.participation_add(
            activity=activity, resident=make_resident(actor=front_desk), actor=front_desk
        )
    assert queries() == few
    reads = LogEntry.objects.filter(
        actor=front_desk, additional_data__purpose="activity_detail"
    ).order_by("-pk")[:7]
    assert len({entry.object_pk for entry in reads}) == 7
    assert all(entry.additional_data["field_groups"] == ["basic"] for entry in reads)


def test_activity_list_filters_by_kind_and_date_range(front_desk, front_desk_client):
    new_activity(front_desk, held_on=days_ago(40), kind=ActivityKind.SPORTS, title="乒乓球友谊赛")
    new_activity(front_desk, held_on=days_ago(5), kind=ActivityKind.SPORTS, title="社区健步走")
    new_activity(front_desk, held_on=days_ago(5), kind=ActivityKind.CULTURAL, title="中秋诗会")
    response = front_desk_client.get(
        reverse("residents:activity_list"),
        {"kind": "sports", "date_from": days_ago(10).isoformat(), "date_to": TODAY().isoformat()},
    )
    html = response.content.decode()
    assert "社区健步走" in html
    assert "乒乓球友谊赛" not in html and "中秋诗会" not in html


def test_activity_list_pages_by_50_and_keeps_the_filters_in_the_page_links(
    front_desk, front_desk_client
):
    Activity.objects.bulk_create(
        Activity(title=f"太极拳晨练{n}", kind=ActivityKind.SPORTS, held_on=days_ago(n % 20),
                 place="社区广场", organised_by=front_desk)
        for n in range(51)
    )
    response = front_desk_client.get(reverse("residents:activity_list"), {"kind": "sports"})
    assert len(response.context["page"].object_list) == 50
    assert "?kind=sports&amp;page=2" in response.content.decode()
    second = front_desk_client.get(
        reverse("residents:activity_list"), {"kind": "sports", "page": 2}
    )
    assert len(second.context["page"].object_list) == 1


def test_activity_form_errors_are_shown_and_nothing_is_saved(front_desk_client):
    response = front_desk_client.post(
        reverse("residents:activity_create"), {"title": "", "kind": "cultural", "held_on": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("title", "held_on", "place"):
        assert f'id="id_{field}_error"' in html
    assert not Activity.objects.exists()


# --- volunteer teams --------------------------------------------------------------------------


def test_leaving_and_rejoining_a_team_keeps_the_history(front_desk):
    team = new_team(front_desk)
    resident = make_resident(actor=front_desk)
    first = activity_services.volunteer_join(
        team=team, resident=resident, joined_on=days_ago(200), actor=front_desk
    )
    activity_services.volunteer_leave(membership=first, left_on=days_ago(100), actor=front_desk)
    with pytest.raises(ActionRefused) as refused:
        activity_services.volunteer_join(
            team=team, resident=resident, joined_on=days_ago(101), actor=front_desk
        )
    assert refused.value.field == "joined_on"
    activity_services.volunteer_join(
        team=team, resident=resident, joined_on=days_ago(100), actor=front_desk
    )
    history = VolunteerMembership.objects.filter(team=team, resident=resident)
    assert sorted(history.values_list("joined_on", "left_on")) == [
        (days_ago(200), days_ago(100)), (days_ago(100), None),
    ]
    assert activity_selectors.teams_list(front_desk).get(pk=team.pk).current_count == 1


def test_a_resident_is_never_twice_a_current_member(front_desk, front_desk_client):
    team = new_team(front_desk)
    resident = make_resident(actor=front_desk)
    activity_services.volunteer_join(
        team=team, resident=resident, joined_on=days_ago(10), actor=front_desk
    )
    response = front_desk_client.post(
        reverse("residents:team_join", args=[team.pk]),
        {"archive_number": resident.archive_number, "joined_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert shown("This resident is already a current member of this team.") in (
        response.content.decode()
    )
    assert VolunteerMembership.objects.filter(team=team, resident=resident).count() == 1


def test_leave_page_flow_shows_errors_next_to_the_date_and_ends_the_membership(
    front_desk, front_desk_client
):
    team = new_team(front_desk)
    resident = make_resident(actor=front_desk)
    membership = activity_services.volunteer_join(
        team=team, resident=resident, joined_on=days_ago(10), actor=front_desk
    )
    url = reverse("residents:volunteer_leave", args=[membership.pk])
    field = f"leave-{membership.pk}-left_on"
    response = front_desk_client.post(url, {field: days_ago(11).isoformat()})
    assert response.status_code == 200
    assert shown("Leaving cannot be dated before joining (%(date)s).") % {
        "date": days_ago(10).isoformat()
    } in response.content.decode()
    membership.refresh_from_db()
    assert membership.left_on is None
    assert front_desk_client.post(url, {field: TODAY().isoformat()}).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == TODAY()
    with pytest.raises(ActionRefused):
        activity_services.volunteer_leave(membership=membership, left_on=TODAY(), actor=front_desk)
    page = front_desk_client.get(reverse("residents:team_detail", args=[team.pk])).content
    assert resident.name in page.decode()  # former members stay in the history
    assert '<dd id="current-count">0</dd>' in page.decode()


def test_joining_before_the_team_was_founded_is_refused(front_desk):
    team = new_team(front_desk, founded=30)
    with pytest.raises(ActionRefused):
        activity_services.volunteer_join(
            team=team, resident=make_resident(actor=front_desk), joined_on=days_ago(31),
            actor=front_desk,
        )


def test_team_names_are_unique(front_desk, front_desk_client):
    new_team(front_desk, name="平安巡逻志愿队")
    response = front_desk_client.post(
        reverse("residents:team_create"),
        {"name": " 平安巡逻志愿队 ", "created_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    assert VolunteerTeam.objects.count() == 1


def test_timeline_lists_participations_and_memberships(front_desk):
    resident = make_resident(actor=front_desk)
    activity = new_activity(front_desk, held_on=days_ago(3), title="端午节包粽子活动")
    activity_services.participation_add(activity=activity, resident=resident, actor=front_desk)
    team = new_team(front_desk)
    membership = activity_services.volunteer_join(
        team=team, resident=resident, joined_on=days_ago(20), actor=front_desk
    )
    activity_services.volunteer_leave(membership=membership, left_on=days_ago(2), actor=front_desk)
    entries = activity_selectors.activity_timeline(
        front_desk, resident, policy_for(front_desk, resident)
    )
    assert sorted(entry.date for entry in entries) == [days_ago(20), days_ago(3), days_ago(2)]
    assert {entry.group for entry in entries} == {FieldGroup.BASIC}
    assert any("端午节包粽子活动" in entry.summary for entry in entries)


# --- demo data ----------------------------------------------------------------------------------


def test_demo_seed_creates_realistic_records_once(front_desk, manager):
    residents = [make_resident(actor=front_desk) for _ in range(12)]
    users = {"frontdesk": front_desk, "manager": manager}
    created = demo_activities.seed(rng=random.Random(7), users=users, residents=residents)
    assert created > 0
    assert VolunteerTeam.objects.count() == len(demo_activities.TEAMS)
    assert Activity.objects.exists() and ServiceRecord.objects.exists()
    assert Participation.objects.filter(attended=True).exists()
    assert ServiceRecord.objects.exclude(outcome=ServiceOutcome.IN_PROGRESS).exists()
    assert demo_activities.seed(rng=random.Random(7), users=users, residents=residents) == 0
