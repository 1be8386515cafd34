"""Auditors read why a record was viewed: every read purpose has a label, in Chinese too."""

from __future__ import annotations

import pytest
from django.utils import translation

from casework.cases.purposes import CasePurpose
from residents.audit.log import record_reads
from residents.audit.purposes import ReadPurpose, purpose_label
from tests.factories import make_resident

PURPOSES = [*ReadPurpose, *CasePurpose]


@pytest.mark.parametrize("purpose", PURPOSES, ids=[p.value for p in PURPOSES])
def test_every_read_purpose_reads_as_words_in_the_trail(purpose):
    with translation.override("en"):
        english = purpose_label(purpose.value)
    with translation.override("zh-hans"):
        chinese = purpose_label(purpose.value)
    assert english != purpose.value
    assert chinese != english
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese)


def test_purpose_values_are_unique_across_apps():
    values = [purpose.value for purpose in PURPOSES]
    assert len(values) == len(set(values))


@pytest.mark.django_db
def test_a_read_with_an_unregistered_purpose_is_refused(front_desk):
    resident = make_resident(actor=front_desk)
    with pytest.raises(ValueError, match="unregistered read purpose"):
        record_reads(
            actor=front_desk, residents=[resident], field_groups=["basic"], purpose="peek"
        )
