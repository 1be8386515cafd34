"""ACC-13: public forms accept a limited number of submissions per client address.

The public forms are found in the URL conf: every URL the access matrix lets an anonymous
visitor open that takes a POST. Each is either limited (SUBMISSIONS: a valid submission and
what it saves) or named in NOT_LIMITED with the reason; a new public form fails
`test_every_public_form_is_limited_or_says_why_not` until it is one or the other.
"""

from __future__ import annotations

import datetime
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.models import Case, SurveyQuestion, SurveyResponse, WhistleblowingReport
from residents import roles
from residents.common.ratelimit import count_submission
from residents.models import Resident, SelfReport, SubmissionCount
from tests.access_matrix.cases.common import FOUND, OK
from tests.access_matrix.test_matrix import MATRIX
from tests.factories import form_payload, make_resident, make_user, registration_data

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.20"
OTHER_ADDRESS = "203.0.113.21"
PROXY = "10.0.0.5"
LIMITED_MESSAGE = "提交次数过多"

PRE_REGISTRATION_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since", "phone",
    "service_needs", "remarks",
)


def _preregistration() -> dict:
    data = registration_data()
    return {**form_payload({name: data[name] for name in PRE_REGISTRATION_FIELDS}),
            "consent": "on"}


_complaints = itertools.count(1)


def _complaint() -> dict:
    return {
        "complaint_type": "complaint", "name": "欧阳网友", "contact": "13800139999",
        "subject": f"垃圾清运不及时{next(_complaints)}",
        "details": "3号楼垃圾桶连续三天无人清运。", "consent": "on", "website": "",
    }


def _self_report() -> dict:
    """A report from a registered resident (one made for it: the answer is the same for an
    unknown one, but only a matching report is saved)."""
    resident = make_resident(actor=make_user(roles.FRONT_DESK))
    return {
        "id_number": resident.id_number, "phone": resident.phone, "aspect": "economic",
        "text": "本人已重新就业", "consent": "on",
    }


def _whistleblowing() -> dict:
    return {"about": "某窗口工作人员", "content": "办事推诿", "website": ""}


def _survey() -> dict:
    first = SurveyQuestion.objects.filter(kind="rating", active=True).first()
    return {f"q{first.pk}": "4", "consent": "on", "website": ""}


@dataclass(frozen=True)
class Submission:
    data: Callable[[], dict]  # a fresh valid submission each call
    saved: Callable[[], int]  # how many records the form has saved so far
    done: str  # where an accepted submission leads


SUBMISSIONS = {
    "preregister": Submission(
        _preregistration, lambda: Resident.objects.count(), reverse("preregister_done")
    ),
    "public:complaint_new": Submission(
        _complaint, lambda: Case.objects.count(), reverse("public:complaint_done")
    ),
    "self_report": Submission(
        _self_report, lambda: SelfReport.objects.count(), reverse("self_report_done")
    ),
    "public:whistleblowing_new": Submission(
        _whistleblowing, lambda: WhistleblowingReport.objects.count(),
        reverse("public:whistleblowing_done"),
    ),
    "public:survey_new": Submission(
        _survey, lambda: SurveyResponse.objects.count(), reverse("public:survey_done")
    ),
}
NOT_LIMITED = {
    "login": "sign-in has its own lockout per account and per address (django-axes)",
    "logout": "ends a session and saves nothing",
    "set_language": "sets a cookie of the visitor's own and saves nothing",
}


def _patterns(resolver=None, namespace="", converters=None):
    """(URL name, the names of its arguments) of every named URL."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", sorted(found)


def _public_urls() -> dict[str, str]:
    """URL name → a URL of it (any record number will do), for every URL an anonymous
    visitor may open."""
    return {
        name: reverse(name, kwargs={argument: 1 for argument in arguments})
        for name, arguments in _patterns()
        if name in MATRIX and MATRIX[name].statuses["anonymous"] in (OK, FOUND)
    }


def _url(name: str) -> str:
    return reverse(name)


def _visitor(address: str = ADDRESS) -> Client:
    return Client(REMOTE_ADDR=address)


def _submit(name: str, client: Client, **extra):
    return client.post(_url(name), SUBMISSIONS[name].data(), **extra)


def _use_up(name: str, client: Client, **extra) -> None:
    """The limit's worth of accepted submissions."""
    for _ in range(django_settings.PUBLIC_FORM_LIMIT):
        response = _submit(name, client, **extra)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == SUBMISSIONS[name].done


def test_every_public_form_is_limited_or_says_why_not():
    public = _public_urls()
    assert {"preregister", "public:complaint_new", "public:guide_item"} <= public.keys()
    taking_posts = {
        name for name, url in public.items() if _visitor().post(url, {}).status_code != 405
    }
    assert taking_posts == SUBMISSIONS.keys() | NOT_LIMITED.keys()


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_a_submission_beyond_the_limit_is_refused_in_chinese_and_saves_nothing(name):
    visitor = _visitor()
    _use_up(name, visitor)
    saved = SUBMISSIONS[name].saved()

    response = _submit(name, visitor)

    assert response.status_code == 429
    page = response.content.decode()
    assert LIMITED_MESSAGE in page
    assert "60 分钟" in page
    assert int(response["Retry-After"]) > 0
    assert SUBMISSIONS[name].saved() == saved


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_reading_the_form_is_never_limited(name):
    visitor = _visitor()
    _use_up(name, visitor)
    assert _submit(name, visitor).status_code == 429
    assert visitor.get(_url(name)).status_code == 200


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_another_address_still_submits(name):
    _use_up(name, _visitor())
    saved = SUBMISSIONS[name].saved()
    response = _submit(name, _visitor(OTHER_ADDRESS))
    assert response.status_code == 302
    assert SUBMISSIONS[name].saved() == saved + 1


@pytest.mark.parametrize("name", sorted(SUBMISSIONS))
def test_after_the_window_the_address_submits_again(name, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        visitor = _visitor()
        _use_up(name, visitor)
        traveller.shift(datetime.timedelta(minutes=settings.PUBLIC_FORM_WINDOW_MINUTES - 1))
        assert _submit(name, visitor).status_code == 429
        traveller.shift(datetime.timedelta(minutes=1))
        saved = SUBMISSIONS[name].saved()
        response = _submit(name, visitor)
        assert response.status_code == 302
        assert SUBMISSIONS[name].saved() == saved + 1


def test_each_public_form_has_a_limit_of_its_own():
    _use_up("preregister", _visitor())
    assert _submit("preregister", _visitor()).status_code == 429
    assert _submit("public:complaint_new", _visitor()).status_code == 302


def test_refused_submissions_count_too(settings):
    visitor = _visitor()
    for _ in range(settings.PUBLIC_FORM_LIMIT):
        assert visitor.post(_url("preregister"), {"name": ""}).status_code == 200
    assert _submit("preregister", visitor).status_code == 429


def test_the_limit_and_window_come_from_the_settings(settings):
    settings.PUBLIC_FORM_LIMIT = 2
    settings.PUBLIC_FORM_WINDOW_MINUTES = 5
    visitor = _visitor()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _use_up("public:complaint_new", visitor)
        response = _submit("public:complaint_new", visitor)
        assert response.status_code == 429
        assert "5 分钟" in response.content.decode()
        traveller.shift(datetime.timedelta(minutes=5))
        assert _submit("public:complaint_new", visitor).status_code == 302


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    proxy = _visitor(PROXY)
    _use_up("preregister", proxy, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert _submit("preregister", proxy, HTTP_X_FORWARDED_FOR=ADDRESS).status_code == 429
    assert _submit("preregister", proxy, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    visitor = _visitor()
    _use_up("preregister", visitor, HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = _submit("preregister", visitor, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429


def test_an_ipv6_client_cannot_hop_across_its_own_network():
    _use_up("preregister", _visitor("2001:db8:1:2::10"))
    assert _submit("preregister", _visitor("2001:db8:1:2::99")).status_code == 429
    assert _submit("preregister", _visitor("2001:db8:1:3::10")).status_code == 302


def test_the_count_keeps_no_address_in_clear():
    _submit("preregister", _visitor())
    [count] = SubmissionCount.objects.all()
    assert ADDRESS not in count.client
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SubmissionCount._meta.db_table}")
        assert ADDRESS not in repr(cursor.fetchall())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submissions_handled_at_once_by_several_server_processes_are_all_counted(settings):
    """Each thread has a database connection of its own, as each server process has: the count
    lives in the database, and raising it is locked, so exactly the limit is admitted."""
    request = RequestFactory().post(_url("preregister"), REMOTE_ADDR=ADDRESS)
    workers, tries = 4, settings.PUBLIC_FORM_LIMIT
    start = threading.Barrier(workers)
    outcomes: list[object] = []
    lock = threading.Lock()

    def submit_several():
        try:
            start.wait(timeout=10)
            results = [
                count_submission(form="preregister", request=request) is None
                for _ in range(tries)
            ]
        except Exception as exc:  # surfaced by the assertion below
            results = [exc]
        finally:
            connection.close()
        with lock:
            outcomes.extend(results)

    threads = [threading.Thread(target=submit_several) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert all(isinstance(outcome, bool) for outcome in outcomes), outcomes
    assert len(outcomes) == workers * tries
    assert outcomes.count(True) == settings.PUBLIC_FORM_LIMIT
    assert SubmissionCount.objects.get().count == settings.PUBLIC_FORM_LIMIT
