"""Load test: front-desk staff reading resident pages and registering residents.

Run through bench/load.py, which prepares the users and a sample of residents
(var/locust/sample.json), serves the application with `manage.py serve` on 127.0.0.1 and
starts locust headless. Every user signs in once through the sign-in page, then mixes the
list (first and deep pages), the four kinds of search, detail pages and registrations.
A response other than the expected one counts as a failure.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SAMPLE = Path(__file__).resolve().parent.parent / "var" / "locust" / "sample.json"
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FRAGMENTS = ("王秀", "李建", "张丽", "刘子", "陈晓", "建国", "秀英", "欧阳")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "秀英建国华明丽红伟强军芳敏静磊洋勇艳杰娟涛超"
_sample = json.loads(SAMPLE.read_text(encoding="utf-8")) if SAMPLE.exists() else {}


def _id_number(rng: random.Random, birth: datetime.date, gender: str) -> str:
    from stdnum.cn import ric

    area = rng.choice(_sample["counties"])
    sequence = rng.randrange(1000)
    if (sequence % 2 == 1) != (gender == "M"):
        sequence = (sequence + 1) % 1000
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


class FrontDesk(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.rng = random.Random()
        username = self.rng.choice(_sample["users"])
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = CSRF_RE.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in", allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    @task(4)
    def list_first(self) -> None:
        self._get("/residents/", "list, first page")

    @task(2)
    def list_deep(self) -> None:
        pages = _sample["pages"]
        self._get(f"/residents/?page={self.rng.randint(pages // 2, pages)}", "list, deep page")

    @task(3)
    def search_name(self) -> None:
        self._get(f"/residents/?q={self.rng.choice(_sample['names'])}", "search, full name")

    @task(3)
    def search_fragment(self) -> None:
        self._get(f"/residents/?q={self.rng.choice(FRAGMENTS)}", "search, 2 characters")

    @task(2)
    def search_id(self) -> None:
        self._get(f"/residents/?q={self.rng.choice(_sample['id_numbers'])}", "search, ID number")

    @task(2)
    def search_archive(self) -> None:
        number = self.rng.choice(_sample["archive_numbers"])
        self._get(f"/residents/?q={number}", "search, archive number")

    @task(4)
    def detail(self) -> None:
        self._get(f"/residents/{self.rng.choice(_sample['pks'])}/", "detail page")

    @task(1)
    def register(self) -> None:
        rng = self.rng
        page = self.client.get("/residents/new/", name="registration form")
        token = CSRF_RE.search(page.text).group(1)
        gender = rng.choice("MF")
        birth = datetime.date(rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28))
        data = {
            "csrfmiddlewaretoken": token,
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "gender": gender,
            "birth_date": birth.isoformat(),
            "id_number": _id_number(rng, birth, gender),
            "hukou_location": "北京市东城区",
            "hukou_type": "registered",
            "area": rng.choice(_sample["areas"]),
            "address": f"北京市东城区和平里街道 幸福小区 {rng.randint(1, 24)}号楼"
            f"{rng.randint(101, 1804)}室",
            "residence_type": "own",
            "documents_checked": "id_card",
            "consent_optional": "on",
            "confirm_not_duplicate": "on",
            "submit": "1",
        }
        with self.client.post(
            "/residents/new/", data=data, name="registration (submit)",
            headers={"Referer": f"{self.host}/residents/new/"},
            allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{1,80})', response.text)
                response.failure(f"registration answered {response.status_code}: {errors[:3]}")
