"""The registration form in labelled sections, and an error summary after a refused submit
(Issue 16, item 9)."""

from __future__ import annotations

import re
from collections import Counter

from django.urls import reverse

from residents.access.fields import EDITABLE_FIELDS, REGISTRATION_SECTIONS

LEGENDS = [
    "身份信息", "户籍信息", "居住与联系方式", "工作与学历", "服务需求与备注", "证件核验与同意",
]


def test_every_field_the_form_collects_sits_in_exactly_one_section():
    placed = Counter(name for _key, _label, names in REGISTRATION_SECTIONS for name in names)
    assert set(placed) == set(EDITABLE_FIELDS)
    assert all(count == 1 for count in placed.values())


def test_the_form_shows_its_sections_in_order(front_desk_client):
    page = front_desk_client.get(reverse("residents:create")).content.decode()
    legends = re.findall(r'<fieldset class="form-section[^"]*"><legend>([^<]+)</legend>', page)
    assert legends == LEGENDS
    assert 'class="error-summary"' not in page


def test_a_refused_submit_lists_each_error_at_the_top_with_a_link_to_its_field(front_desk_client):
    response = front_desk_client.post(reverse("residents:create"), {"submit": "1", "name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index('class="error-summary"')
    summary = page[start:page.index("</div>", start)]
    assert "data-error-summary" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_name"' in summary and "姓名" in summary
    # The summary comes before the form itself.
    assert page.index('class="error-summary"') < page.index('class="registration"')
