"""The main pages of every role in a real browser: no serious or critical accessibility
violation (axe-core, from npm), and at a phone's 390 px the menu opens and nothing scrolls
sideways.

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


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.scrollingElement.scrollWidth <= window.innerWidth"
    )


def test_at_phone_width_the_menu_opens_and_no_page_scrolls_sideways(live_server, page):
    world = _world()
    _sign_in(page, live_server, world["front_desk"])
    page.set_viewport_size(PHONE)
    pages = {
        "registration form": reverse("residents:create"),
        "resident page": reverse("residents:detail", args=[world["resident"].pk]),
        "case list": reverse("casework:case_list"),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        page.screenshot(path=f"/tmp/pages/{name}.png", full_page=True)
        assert _no_sideways_scroll(page), f"the {name} scrolls sideways at 390 px"
    menu = page.get_by_role("button", name="菜单")
    nav = page.locator("#main-nav")
    assert not nav.is_visible()
    menu.click()
    assert nav.is_visible()
    nav.locator("summary", has_text="办件").click()
    page.screenshot(path="/tmp/pages/menu.png", full_page=True)
    assert nav.get_by_role("link", name="办件管理").is_visible()
