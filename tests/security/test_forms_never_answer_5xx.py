"""Whatever is posted to whichever URL, the answer is never a server error (5xx), and a post
that is refused saves nothing.

The URLs come from the URL resolver, so a new form is posted to without a change here. Each is
probed with an empty POST by a user the access matrix lets open it; a 405 is a page that takes
no POST. Every other URL is posted the values its own forms offer (read off the pages of the
access matrix, and the matrix's own data) with:
- POINTED examples, always: every text field at once a 3,000-character Chinese text, or control
  and format characters (right-to-left override, zero-width space, NUL); every date at once the
  first or the last day the calendar has; every number huge; a file that is no image;
- generated examples (hypothesis): up to three fields replaced by long text, Chinese, control
  characters, huge numbers, dates out of range, empty values, several values for one field, a
  file where text is expected, odd files where a file is expected; fields dropped, stray fields
  added; now and then every field at once.

A post that is refused (a 4xx, an error next to a field, an error message) must leave every
table of the project's records as it was. A URL that takes POST but that no role of the matrix
(nor one of REACHED_BY) may open fails the test: it would otherwise go unfuzzed.

FORM_FUZZ_EXAMPLES (default 4, always the same examples) sets the generated examples per URL;
set, they are drawn at random, so a larger number explores more.
"""
from __future__ import annotations

import datetime
import os
import pickle
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reporters.models import ReporterProfile
from reporters.profiles import services as reporter_profiles
from residents import roles
from residents.accounts import services as accounts
from residents.models import AccountChangeKind
from tests.access_matrix.cases.common import FOUND, OK
from tests.access_matrix.test_matrix import MATRIX, _url_names
from tests.access_matrix.world import PNG_1X1
from tests.factories import make_resident, registration_data

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "4"))
REPEATABLE = "FORM_FUZZ_EXAMPLES" not in os.environ
ADDRESS = "198.51.100.7"

# Who posts: the first role the access matrix lets open the URL (public pages: a visitor).
ROLE_PREFERENCE = (
    "anonymous", "designated_manager", "manager", "front_desk", "other_staff_granted",
    "other_staff", "other_staff_expired", "reporter", "auditor", "sysadmin",
)
ALLOWED = {OK, FOUND}
# URLs that no role may use in the matrix's world, and who uses them where, in objects the
# `forms` fixture adds to it.
REACHED_BY = {
    "accounts:change_approve": lambda extra: Target(
        roles.SECURITY_ADMIN, reverse("accounts:change_approve", args=[extra["change"].pk])
    ),
    "accounts:change_reject": lambda extra: Target(
        roles.SECURITY_ADMIN, reverse("accounts:change_reject", args=[extra["change"].pk])
    ),
    # A security administrator resets another account's second factor.
    "otp:reset": lambda extra: Target(
        roles.SECURITY_ADMIN, reverse("otp:reset", args=[extra["second_factor"].pk])
    ),
    # Peers score each other within their work group: a second reporter of the world's group.
    "reporters:assessment_peer": lambda extra: Target(
        "reporter_peer", reverse("reporters:assessment_peer", args=[extra["assessment"].pk])
    ),
    # Only a registration not yet verified is corrected on its form.
    "residents:edit": lambda extra: Target(
        "front_desk", reverse("residents:edit", args=[extra["draft"].pk])
    ),
}
# The admin site is Django's own, its forms Django's; it is open to the system administrator only
# (tests/access_matrix).
URL_NAMES = sorted(name for name in _url_names() if not name.startswith("admin:"))

# Tables whose rows are the project's records. Not watched: the audit log (a refused request is
# recorded as an access, on purpose), sessions, sign-in attempts and the submission counters of
# the rate limit (a refused post is counted too).
WATCHED_APPS = {"residents", "casework", "reporters", "archives", "auth", "guardian"}
UNWATCHED_MODELS = {"residents.submissioncount"}


# --- reading the forms off the pages ---------------------------------------------------------


@dataclass
class FormSpec:
    values: dict = field(default_factory=dict)  # name → the value the page offers
    choices: dict = field(default_factory=dict)  # name → options of a select, radios, buttons
    files: set = field(default_factory=set)

    def merge(self, other: FormSpec) -> None:
        for key, value in other.values.items():
            self.values.setdefault(key, value)
        for key, options in other.choices.items():
            known = self.choices.setdefault(key, [])
            known.extend(option for option in options if option not in known)
        self.files |= other.files


class _FormParser(HTMLParser):
    """The POST forms of a page: action path → FormSpec."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: dict[str, FormSpec] = {}
        self.current: FormSpec | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url))
                self.current = self.forms.setdefault(action.path, FormSpec())
            return
        form = self.current
        if form is None:
            return
        if tag == "option" and self.select:
            value = attrs.get("value", "")
            form.choices[self.select].append(value)
            if "selected" in attrs or self.select not in form.values:
                form.values[self.select] = value
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ""
            if kind == "file":
                form.files.add(name)
            elif kind in ("checkbox", "radio", "submit"):
                form.choices.setdefault(name, []).append(value or "on")
                if "checked" in attrs or kind == "submit" or name not in form.values:
                    form.values.setdefault(name, value or "on")
            elif kind not in ("button", "image", "reset"):
                form.values[name] = value
        elif tag == "button":
            form.choices.setdefault(name, []).append(attrs.get("value") or "")
            form.values.setdefault(name, attrs.get("value") or "")
        elif tag == "select":
            self.select = name
            form.choices.setdefault(name, [])
        elif tag == "textarea":
            self.textarea = name
            form.values[name] = ""

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.current is not None and self.textarea:
                # As browsers do: the newline right after <textarea> is not part of the value.
                value = self.current.values[self.textarea]
                self.current.values[self.textarea] = value.removeprefix("\n")
            self.textarea = None


@dataclass(frozen=True)
class Target:
    role: str
    url: str  # a path


def _matrix_target(name: str, world) -> Target | None:
    """The URL as the access matrix opens it, by the first role it lets in."""
    case = MATRIX[name]
    role = next((r for r in ROLE_PREFERENCE if case.statuses.get(r) in ALLOWED), None)
    return Target(role, urlsplit(case.url(world)).path) if role else None


def _client(users: dict, role: str) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    if role != "anonymous":
        client.force_login(users[role])
    return client


# Fields a page leaves empty get plausible values, so that most examples pass every field but
# the few they change and reach the service behind the form.
HONEYPOTS = {"website"}


def _plausible(name: str, world) -> str:
    key = name.rsplit("-", 1)[-1]
    today = timezone.localdate()
    if key == "next":
        return "/"
    if key == "id_number":
        return registration_data()["id_number"]
    if key == "archive_number":
        return world.resident.archive_number
    if key == "household_number":
        return world.extra["hh_household"].number
    if key.endswith("_at"):
        return (timezone.localtime() + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")
    if key.endswith(("_on", "date", "_since", "_until")):
        later = any(word in key for word in ("review", "expected", "expires", "until", "due"))
        return (today + datetime.timedelta(days=30) if later else today).isoformat()
    if "phone" in key or "contact" in key:
        return "13800138000"
    if "name" in key:
        return "张三"
    if key in ("time_limit_days", "satisfaction", "limit_days"):
        return "5"
    if key == "year":
        return str(today.year)
    return "测试内容"


def _filled(spec: FormSpec, world) -> FormSpec:
    values = dict(spec.values)
    values.pop("csrfmiddlewaretoken", None)
    if "id_number" in values and not values["id_number"]:
        # A new person: ID number, birth date and gender that agree.
        person = registration_data()
        for key in ("id_number", "birth_date", "gender"):
            if key in values:
                values[key] = str(person[key])
    for name, value in values.items():
        if not str(value).strip() and name not in HONEYPOTS:
            options = [option for option in spec.choices.get(name, []) if option]
            values[name] = options[0] if options else _plausible(name, world)
    return FormSpec(values, spec.choices, set(spec.files))


# --- the tables a refused post must leave alone ----------------------------------------------


def _watched_tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        watched = meta.app_label in WATCHED_APPS and meta.label_lower not in UNWATCHED_MODELS
        if watched and meta.managed and not meta.proxy:
            tables.add(meta.db_table)
    return sorted(tables)


def _snapshot_sql(tables: list[str]) -> str:
    """One query: each table's row count and the sum of its rows' hashes (an insert, an update
    or a delete changes them; the tables of the world are small)."""
    quote = connection.ops.quote_name
    digests = ", ".join(
        f"(SELECT count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) "
        f"FROM {quote(table)} t)"
        for table in tables
    )
    return f"SELECT ARRAY[{digests}]"


def _snapshot(forms: Forms) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(forms.snapshot_sql)
        return dict(zip(forms.tables, cursor.fetchone()[0], strict=True))


# An error next to a field or above a form (templates/includes/field.html and the forms).
ERROR_ON_PAGE = re.compile(r'<p class="error"[^>]*role="alert"')


def _refused(response) -> bool:
    """A 4xx, a field or form error on the page, or an error message for the next page."""
    if 400 <= response.status_code < 500:
        return True
    request = getattr(response, "wsgi_request", None)
    if request is not None and any(
        message.level >= messages.ERROR for message in messages.get_messages(request)
    ):
        return True
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        return ERROR_ON_PAGE.search(response.content.decode()) is not None
    return False


# --- the world and every form, once for the class ---------------------------------------------


@dataclass
class Forms:
    targets: dict  # URL name → Target, or None when no role may open it
    by_action: dict  # action path → FormSpec read off the pages
    users: dict  # the matrix's users and those of REACHED_BY
    tables: list
    snapshot_sql: str


def _peer_reporter(users: dict) -> User:
    peer = User.objects.create(username="fuzz-peer")
    peer.groups.add(Group.objects.get(name=roles.REPORTER))
    reporter_profiles.reporter_register(
        actor=users["manager"], user=peer, area="东区",
        group=ReporterProfile.objects.get(user=users["reporter"]).group,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return peer


@pytest.fixture(scope="class")
def forms(family_world, django_db_blocker):
    """Who posts where, and the POST forms of every page, read as a role allowed to open it.

    Runs in family_world's transaction (rolled back when the class is done): what it adds stays
    for the class. Each page is opened on a savepoint rolled back at once.
    """
    built = pickle.loads(family_world.pickled)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=family_world.media):
        users = dict(built.users)
        security = User.objects.create(username="fuzz-security")
        security.groups.add(Group.objects.get(name=roles.SECURITY_ADMIN))
        users[roles.SECURITY_ADMIN] = security
        extra = {
            "change": accounts.account_change_request(
                requester=users["sysadmin"], user=users["auditor"],
                kind=AccountChangeKind.ADD_ROLE, role=roles.REPORTER, reason="表单测试",
            ),
            "draft": make_resident(actor=users["front_desk"], status="draft"),
            "second_factor": users["manager"],
            "assessment": built.extra["reporters"]["assessment"],
        }
        users["reporter_peer"] = _peer_reporter(users)
        targets = {name: _matrix_target(name, built) for name in URL_NAMES}
        targets.update({name: reach(extra) for name, reach in REACHED_BY.items()})

        # The pages to read forms off: the matrix's GET URLs (with their query strings).
        pages = [
            (target, target.url if name in REACHED_BY else MATRIX[name].url(built))
            for name, target in targets.items()
            if target is not None and MATRIX[name].method == "get"
        ]
        by_action: dict[str, FormSpec] = {}
        with transaction.atomic():
            clients: dict[str, Client] = {}
            for target, url in pages:
                if target.role not in clients:
                    clients[target.role] = _client(users, target.role)
                with transaction.atomic():
                    response = clients[target.role].get(url)
                    transaction.set_rollback(True)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                parser = _FormParser(url)
                parser.feed(response.content.decode())
                for action, spec in parser.forms.items():
                    by_action.setdefault(action, FormSpec()).merge(spec)
            transaction.set_rollback(True)
        tables = _watched_tables()
        yield Forms(targets, by_action, users, tables, _snapshot_sql(tables))


# --- what is posted --------------------------------------------------------------------------

NASTY = [
    "", " ", "0", "-1", "1.5", "1e308", "-1e308", "NaN", "Infinity", "99999999999999999999",
    str(2**31), str(2**63), str(-(2**63) - 1), "9" * 400, "2026-02-30", "9999-12-31",
    "0001-01-01", "0000-00-00", "10000-01-01", "1900-01-01", "9999-12-31T23:59",
    "0001-01-01T00:00", "2026-13-01T25:61", "on", "true", "null", "[]", "{}",
    "<script>x</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "\x00", "\x07\x08\x1b[31m",
    "１２３４５", "JM-2026-999999999", "#99999999999999999999", "壮" * 5000, "a" * 100_000,
    "王\u202e明", "\u202e", "\u200b", "\u200d", "\ufeff", "张\u200b三", "\r\n\r\n", "\t",
    "13800138000", "110101199003071234", "𠀀𪚥", "ﷺ", "é",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(CJK, min_size=1, max_size=600),
    st.text(max_size=300),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Lo", "Nd", "Mn"]), max_size=80),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)
FILES = {
    "png": ("scan.png", PNG_1X1, "image/png"),
    "empty": ("empty.png", b"", "image/png"),
    "not_an_image": ("photo.png", b"MZ\x90\x00 not a picture", "image/png"),
    "pdf": ("扫描件.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "application/pdf"),
    "long_name": ("签" * 300 + ".png", PNG_1X1, "image/png"),
    "control_name": ("a\u202egnp.exe", PNG_1X1, "application/octet-stream"),
}


@dataclass(frozen=True)
class File:
    kind: str

    def upload(self) -> SimpleUploadedFile:
        name, content, content_type = FILES[self.kind]
        return SimpleUploadedFile(name, content, content_type=content_type)


file = st.sampled_from(sorted(FILES)).map(File)
value = st.one_of(
    text,
    st.lists(text, min_size=2, max_size=3),  # several values where one is expected
    file,  # a file where text is expected
)
STRAY_FIELDS = ["id", "pk", "resident", "status", "page", "user", "actor", "action", "next"]


@st.composite
def payloads(draw, spec: FormSpec) -> dict:
    """The form's own values, up to three replaced by generated ones or dropped, a few added;
    now and then every field replaced at once."""
    data: dict = dict(spec.values)
    for name in spec.files:
        data[name] = File("png")
    names = sorted(set(data) | set(spec.choices))
    if names and draw(st.integers(0, 9)) == 0:
        changed = names
    else:
        changed = draw(st.lists(st.sampled_from(names), max_size=3, unique=True)) if names else []
    for name in changed:
        how = draw(st.sampled_from(["nasty", "nasty", "drop", "choice"]))
        if name in spec.files:
            data[name] = draw(st.one_of(file, text))
        elif how == "nasty":
            data[name] = draw(value)
        elif how == "drop":
            data.pop(name, None)
        elif spec.choices.get(name):
            data[name] = draw(st.sampled_from(spec.choices[name]))
    for stray in draw(st.lists(st.sampled_from(STRAY_FIELDS), max_size=2, unique=True)):
        data.setdefault(stray, draw(value))
    return data


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
NUMBER = re.compile(r"-?\d{1,9}")
# Every field of one kind at once, the others left as the form offers them: what the form's
# checks and the service behind it must both refuse cleanly. Always posted, first.
POINTED = [
    {"text": "壮" * 3000},
    {"text": "王\u202e明\u200b\x07\x00"},
    {"date": "0001-01-01", "datetime": "0001-01-01T00:00"},
    {"date": "9999-12-31", "datetime": "9999-12-31T23:59"},
    {"number": "99999999999999999999"},
    {"file": File("not_an_image")},
]


def _kind(spec: FormSpec, name: str, value) -> str:
    if name in spec.files:
        return "file"
    if name in spec.choices:
        return "choice"
    for kind, pattern in (("datetime", DATETIME), ("date", DATE), ("number", NUMBER)):
        if pattern.fullmatch(str(value)):
            return kind
    return "text"


def _pointed(spec: FormSpec) -> list[dict]:
    base: dict = {**spec.values, **{name: File("png") for name in spec.files}}
    examples = []
    for replacement in POINTED:
        example = {
            name: replacement.get(_kind(spec, name, value), value) for name, value in base.items()
        }
        if example != base:
            examples.append(example)
    return examples


def _encoded(payload: dict) -> dict:
    def one(item):
        return item.upload() if isinstance(item, File) else item

    return {
        name: [one(item) for item in value] if isinstance(value, list) else one(value)
        for name, value in payload.items()
    }


# --- the test --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestEveryPost:
    family = "core"  # the world with every subject's records (tests/access_matrix/fixtures.py)

    @pytest.mark.parametrize("name", URL_NAMES)
    def test_no_post_answers_a_server_error_and_a_refused_one_saves_nothing(
        self, world, forms, name
    ):
        target = forms.targets[name]
        if target is None:
            # Nobody may open it: fine for a page without POST, a gap in this test otherwise.
            superuser = User.objects.create(username="fuzz-probe", is_superuser=True)
            url = urlsplit(MATRIX[name].url(world)).path
            with transaction.atomic():
                probe = _client({"su": superuser}, "su").post(url, {})
                transaction.set_rollback(True)
            assert probe.status_code == 405, (
                f"{name} takes POST but no role may open it: add it to REACHED_BY"
            )
            return
        client = _client(forms.users, target.role)
        with transaction.atomic():
            probe = client.post(target.url, {})
            transaction.set_rollback(True)
        assert probe.status_code < 500
        if probe.status_code == 405:
            return  # a page that takes no POST

        spec = FormSpec()
        case = MATRIX[name]
        if case.method == "post":
            spec.values.update({key: str(item) for key, item in case.data(world).items()})
        if target.url in forms.by_action:
            spec.merge(forms.by_action[target.url])
        spec = _filled(spec, world)
        # Logging out or choosing a language changes the client's cookies: each example starts
        # from the session the examples share.
        cookies = {key: morsel.value for key, morsel in client.cookies.items()}
        # Each example runs on a savepoint rolled back after it: all start from this state.
        before = _snapshot(forms)
        fields = set(spec.values) | spec.files

        @settings(
            max_examples=EXAMPLES if fields else 1, deadline=None, database=None,
            derandomize=REPEATABLE,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                HealthCheck.data_too_large, HealthCheck.large_base_example,
            ],
        )
        @given(payload=payloads(spec))
        def post(payload):
            client.cookies = SimpleCookie(cookies)
            with transaction.atomic():
                response = client.post(target.url, _encoded(payload), REMOTE_ADDR=ADDRESS)
                assert response.status_code < 500, (target.url, payload)
                if _refused(response):
                    after = _snapshot(forms)
                    changed = [table for table in forms.tables if before[table] != after[table]]
                    assert not changed, (
                        f"a refused post to {target.url} changed {changed}: {payload}"
                    )
                transaction.set_rollback(True)

        for pointed in _pointed(spec):
            post = example(payload=pointed)(post)
        post()
