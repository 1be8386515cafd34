"""Deep pages of the resident list start where the counts table places them (by sort-key
prefix) instead of skipping every resident before them: each page must hold exactly the
residents an OFFSET over the whole ordered list gives, through every write that moves
residents in or out of a prefix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents.models import Resident
from residents.people import counts, selectors
from residents.people.views import LIST_PAGE_SIZE, PageKeys
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

LIST_URL = reverse("residents:list")
# Shared surnames and given-name starts, so pages cross heads and prefixes.
NAMES = (
    "王秀英", "王秀兰", "王秀", "王小明", "王晓", "汪洋", "李四", "李思思", "李建国", "黎明",
    "张三", "张伟", "章程", "欧阳娜娜", "欧阳修", "司马懿", "赵一", "钱二", "孙三", "吴六",
)
STATUSES = ("", "draft", "submitted", "verified", "returned")


def _assert_every_page_exact() -> None:
    for status in STATUSES:
        residents = Resident.objects.all()
        if status:
            residents = residents.filter(status=status)
        keys = residents.values_list("pk", flat=True)
        ordered = list(keys)
        assert counts.page_start(status=status, offset=len(ordered)) is None

        def seek(offset, status=status):
            return counts.page_start(status=status, offset=offset)

        for start in range(len(ordered) + 1):
            for size in (1, 3, 7):
                paged = PageKeys(keys, len(ordered), seek=seek)[start : start + size]
                assert paged == ordered[start : start + size], (status, start, size)


@pytest.fixture
def residents(front_desk):
    made = []
    for n, name in enumerate(NAMES):
        status = ("verified", "submitted", "draft", "returned")[n % 4]
        made.append(make_resident(actor=front_desk, name=name, status=status))
    return made


def test_every_page_holds_the_residents_an_offset_over_the_whole_list_gives(residents):
    # The pages below are found through the counts table, not by an OFFSET from the start.
    assert counts.page_start(status="", offset=1) is not None
    _assert_every_page_exact()


def test_pages_stay_exact_when_residents_are_renamed_or_removed_from_the_counts(residents):
    # A rename moves a resident to another prefix (and head); a status change to another
    # status's list; statement-level triggers count both, whatever path wrote them.
    Resident.objects.filter(pk=residents[0].pk).update(name="安然", name_sort_key="an1 ran2")
    Resident.objects.filter(pk__in=[residents[5].pk, residents[6].pk]).update(
        name_sort_key="zhuo2 yi1"
    )
    Resident.objects.filter(pk=residents[2].pk).update(status="submitted")
    _assert_every_page_exact()


def test_a_deep_page_of_the_list_shows_the_residents_in_list_order(residents, front_desk_client):
    for n in range(LIST_PAGE_SIZE * 2):
        make_resident(actor=residents[0].created_by, name=f"王{'秀建晓小'[n % 4]}{n}")
    ordered = list(Resident.objects.values_list("pk", flat=True))
    for page in (2, 3):
        response = front_desk_client.get(LIST_URL, {"page": page})
        shown = [row["resident"].pk for row in response.context["rows"]]
        start = (page - 1) * LIST_PAGE_SIZE
        assert shown == ordered[start : start + LIST_PAGE_SIZE]


def test_a_searchs_first_page_read_with_its_counts_holds_its_first_hits_in_list_order(
    residents, front_desk_client
):
    # More hits than a page, spread over areas (the counts' groups) and sort keys.
    areas = ("和平里一区", "和平里二区", "安定门", "交道口")
    for n in range(LIST_PAGE_SIZE + 15):
        make_resident(
            actor=residents[0].created_by, name=f"{'王李欧张'[n % 4]}秀{'英兰华'[n % 3]}{n}",
            area=areas[n % len(areas)], status=("verified", "submitted")[n % 2],
        )
    for params in (
        {"q": "秀"}, {"q": "王秀"}, {"q": "秀英"}, {"q": "欧阳"},
        {"q": "秀", "status": "submitted"}, {"q": "秀", "area": "安定门"}, {"q": "秀", "page": 2},
        {"q": "无此人"},
    ):
        response = front_desk_client.get(LIST_URL, params)
        hits = selectors.residents_search(
            response.wsgi_request.user, query=params["q"], status=params.get("status", "")
        )
        if "area" in params:
            hits = hits.filter(area=params["area"])
        start = (int(params.get("page", 1)) - 1) * LIST_PAGE_SIZE
        expected = list(hits.values_list("pk", flat=True)[start : start + LIST_PAGE_SIZE])
        assert [row["resident"].pk for row in response.context["rows"]] == expected, params
        assert response.context["page"].paginator.count == hits.count(), params
