"""The product's own 403, 404 and 500 pages: in the reader's language, with a way back, and on
403 why (Issue 16, item 10)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from residents import roles
from tests.factories import make_user


def _signed_in(user, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_a_missing_page_says_so_in_chinese_with_a_way_home(front_desk):
    response = _signed_in(front_desk).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert f'href="{reverse("home")}"' in page and "返回首页" in page
    assert "Not Found" not in page


def test_a_missing_page_reads_in_english_when_the_reader_chose_english(front_desk):
    page = _signed_in(front_desk, "en").get("/no-such-page/").content.decode()
    assert "Page not found" in page and "Back to the home page" in page


def test_a_refused_page_says_the_role_does_not_include_it(db):
    reporter = make_user(roles.REPORTER)
    response = _signed_in(reporter).get(reverse("audit:trail"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in page
    assert "您的角色不包含此页面或操作" in page
    assert "返回首页" in page


def test_an_account_without_a_role_is_told_to_ask_for_one(db):
    nobody = make_user(None)
    page = _signed_in(nobody).get(reverse("residents:list")).content.decode()
    assert "尚未分配角色" in page


def test_the_fault_page_renders_in_chinese_without_a_database():
    # No database fixture: pytest-django refuses any query, so this page must need none.
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and 'href="/"' in page


def test_refused_and_missing_pages_do_not_echo_the_address_asked_for(db):
    reporter = make_user(roles.REPORTER)
    client = _signed_in(reporter)
    for path in ("/residents/987654/secret-looking-path/", reverse("audit:trail")):
        assert path not in client.get(path).content.decode()
