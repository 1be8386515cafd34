"""The main pages of every role in a real browser: no serious or critical accessibility
violation (axe-core, from npm), the grouped menu fits one line at 1366 px, and at a phone's
390 px the menu opens, lists are stacked cards and nothing scrolls sideways.

One module, one world: each role signs in once (a session made by the test client, handed to
the browser as its cookie) and visits its pages in turn; the suite runs on two cores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from casework.engine import services as case_services
from casework.models import CaseKind
from residents import roles
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # See test_register_verify_print.py: the roles come from a data migration.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Runs axe on the page and keeps what would stop a user.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(
      (n) => n.target.join(" ")).join(" | ")}`);
}"""


def _sign_in(page, live_server, user) -> None:
    """The browser carries a session made by the test client (a full sign-in, second factor
    included, see tests/conftest.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _world() -> dict:
    front_desk = factories.make_user(roles.FRONT_DESK)
    resident = factories.make_resident(actor=front_desk, name="欧阳明华")
    case = case_services.case_open(
        kind=CaseKind.CHANGE, subject="变更居住地址", actor=front_desk, resident=resident,
        time_limit_days=5,
    )
    return {"front_desk": front_desk, "resident": resident, "case": case}


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test-system-deps` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


def _serious_violations(page, axe_source: str) -> list[str]:
    # Evaluated through the browser's debugging protocol, which the page's CSP does not govern.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source + "\n;true")
    return page.evaluate(AXE_RUN)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def _main_pages(world: dict) -> dict[str | None, list[tuple[str, str]]]:
    """Each role's main pages (name, path): home, its lists, the resident page, the
    registration form and the case page where the role has them. None: signed out."""
    resident = reverse("residents:detail", args=[world["resident"].pk])
    case = reverse("casework:case_detail", args=[world["case"].pk])
    return {
        roles.FRONT_DESK: [
            ("home", reverse("home")), ("resident list", reverse("residents:list")),
            ("resident page", resident), ("registration form", reverse("residents:create")),
            ("case list", reverse("casework:case_list")), ("case page", case),
        ],
        roles.MANAGER: [
            ("home", reverse("home")), ("resident list", reverse("residents:list")),
            ("resident page", resident), ("case list", reverse("casework:case_list")),
            ("case page", case), ("dashboard", reverse("residents:dashboard")),
            ("access requests", reverse("residents:grant_list")),
        ],
        roles.REPORTER: [
            ("home", reverse("home")), ("reports", reverse("reporters:report_list")),
        ],
        roles.OTHER_STAFF: [("home", reverse("home"))],
        roles.AUDITOR: [("home", reverse("home")), ("audit trail", reverse("audit:trail"))],
        roles.SYSADMIN: [("home", reverse("home")), ("jobs", reverse("jobs:list"))],
        roles.SECURITY_ADMIN: [
            ("home", reverse("home")), ("account changes", reverse("accounts:change_list")),
        ],
        roles.SUPERVISOR: [
            ("home", reverse("home")), ("supervision", reverse("casework:inspection_list")),
        ],
        None: [
            ("sign-in", reverse("login")), ("service guide", reverse("public:guide")),
            ("handled complaints", reverse("public:board")),
            ("handled affairs", reverse("public:affairs_board")),
            ("complaint form", reverse("public:complaint_new")),
            ("survey", reverse("public:survey_new")),
            ("whistle-blowing form", reverse("public:whistleblowing_new")),
            ("pre-registration", reverse("preregister")),
            ("self report", reverse("self_report")),
            ("page not found", "/no-such-page/"),
        ],
    }


def test_main_pages_of_every_role_have_no_serious_accessibility_violation(live_server, page):
    world = _world()
    axe_source = _axe_source()
    page.set_viewport_size(DESKTOP)
    found = []
    for role, pages in _main_pages(world).items():
        if role is None:
            page.context.clear_cookies()
        else:
            user = world["front_desk"] if role == roles.FRONT_DESK else factories.make_user(role)
            _sign_in(page, live_server, user)
        for name, path in pages:
            response = page.goto(live_server.url + path)
            expected = 404 if name == "page not found" else 200
            assert response.status == expected, f"{role}: {name} answered {response.status}"
            found += [f"{role} · {name}: {v}" for v in _serious_violations(page, axe_source)]
        if role is not None:
            # The grouped menu fits one line of the header at 1366 px.
            height = page.evaluate("document.querySelector('.topbar').offsetHeight")
            assert height <= 60, f"{role}: the header takes {height} px at 1366 px"
    assert not found, "Serious or critical accessibility violations:\n" + "\n".join(found)


def test_at_phone_width_the_menu_opens_and_no_page_scrolls_sideways(live_server, page):
    world = _world()
    axe_source = _axe_source()
    _sign_in(page, live_server, world["front_desk"])
    page.set_viewport_size(PHONE)
    pages = {
        "registration form": reverse("residents:create"),
        "resident page": reverse("residents:detail", args=[world["resident"].pk]),
        "case list": reverse("casework:case_list"),
    }
    found = []
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert _no_sideways_scroll(page), f"the {name} scrolls sideways at 390 px"
        found += [f"{name}: {v}" for v in _serious_violations(page, axe_source)]
    assert not found, "Serious or critical accessibility violations:\n" + "\n".join(found)

    # The case list is a stack of cards: each value carries its column's heading.
    number = page.locator("table.cases tbody td").first
    assert number.get_attribute("data-label") == "案件编号"
    assert number.evaluate("cell => getComputedStyle(cell).display") == "block"

    menu = page.get_by_role("button", name="菜单")
    nav = page.locator("#main-nav")
    assert menu.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and nav.is_visible()
    nav.locator("summary", has_text="办件").click()
    nav.get_by_role("link", name="办件管理").click()
    page.wait_for_url(live_server.url + reverse("casework:case_list"))
    assert _no_sideways_scroll(page)
