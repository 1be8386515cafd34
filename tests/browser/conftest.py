"""Playwright fixtures: Debian's chromium, driven headless through Playwright's sync API.

No Playwright-downloaded browser exists on these machines (and none can be downloaded), so the
system's /usr/bin/chromium is launched directly.
"""

from __future__ import annotations

import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server):
    """A fresh browser page; Playwright runs only while the test body runs.

    Playwright's sync API keeps an asyncio event loop running in the test thread from start()
    to stop(). Two things in Django react to that running loop:

    * the ORM refuses calls from the test thread (factories, assertions) with
      SynchronousOnlyOperation, although they are still plain synchronous calls that never run
      inside the loop; DJANGO_ALLOW_ASYNC_UNSAFE switches that check off, and only for as long
      as Playwright runs, so the rest of the suite keeps it;
    * `django.db.connections` is a thread-critical asgiref Local: with a loop running it hands
      out a separate connection object, one without the test database's serialized contents.
      So Playwright must not run while pytest-django creates the test database or flushes it
      after a transactional test. This fixture is therefore function-scoped: the autouse
      database fixture is set up before it and torn down after it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            # Close the connections the test body opened while the loop ran (see above): left
            # open, they would keep PostgreSQL from dropping the test database at the end.
            connections.close_all()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
