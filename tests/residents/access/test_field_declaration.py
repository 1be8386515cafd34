"""One declaration per resident field drives the policy, the form, the pages and the slips."""

from __future__ import annotations

import pytest

from residents import roles
from residents.access.fields import (
    DETAIL_FIELDS,
    EDITABLE_FIELDS,
    FIELD_GROUPS,
    RESIDENT_FIELDS,
    SLIP_FIELDS,
)
from residents.access.policy import policy_for
from residents.models import Resident
from residents.people.forms import RegistrationForm
from tests.factories import make_user


def test_every_model_field_of_a_resident_is_declared_once():
    declared = [field.name for field in RESIDENT_FIELDS]
    assert len(declared) == len(set(declared))
    model_fields = {field.name for field in Resident._meta.concrete_fields}
    assert model_fields - set(declared) == set(), "declare these in residents/access/fields.py"
    assert set(declared) - model_fields == set(), "these declarations name no model field"


def test_every_field_someone_may_see_has_a_label_except_workflow_facts():
    for field in RESIDENT_FIELDS:
        if field.detail or field.slip or field.result or field.editable:
            assert field.label, field.name
            assert field.group is not None, field.name


def test_pages_and_slips_show_only_fields_of_some_group():
    grouped = {name for names in FIELD_GROUPS.values() for name in names}
    assert set(DETAIL_FIELDS) <= grouped
    assert set(SLIP_FIELDS) <= grouped


@pytest.mark.django_db
def test_the_registration_form_offers_exactly_the_editable_fields_with_their_labels():
    manager = make_user(roles.MANAGER)
    form = RegistrationForm(policy=policy_for(manager))
    # Besides the resident's fields: the duplicate confirmation and, per identity document
    # checked, its number and scan (REG-2), which are records of their own.
    offered = {
        name for name in form.fields
        if name != "confirm_not_duplicate"
        and not name.startswith(("document_number_", "document_scan_"))
    }
    assert offered == EDITABLE_FIELDS
    labels = {field.name: str(field.label) for field in RESIDENT_FIELDS if field.label}
    assert str(form.fields["name"].label) == labels["name"]
    assert str(form.fields["hukou_location"].label) == labels["hukou_location"]
