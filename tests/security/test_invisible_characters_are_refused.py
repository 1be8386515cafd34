"""Names and texts may not hide what they say: a right-to-left override, a zero-width space or
any other invisible format or control character is refused next to its field, on every form.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from casework.models import Case
from residents import roles
from residents.common.forms import ProjectForm
from residents.common.validation import validate_visible_text, without_invisible
from residents.models import Resident
from tests.factories import form_payload, make_user, registration_data

MESSAGE = "请删除其中的不可见字符（文字方向控制符、零宽空格或控制字符）。"
NAMED = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff",
]
# Every other format character (Cf) of Unicode, and control characters but line breaks and tabs.
OTHER_FORMAT = [
    chr(code) for code in range(0x110000)
    if unicodedata.category(chr(code)) == "Cf" and chr(code) not in NAMED
]
CONTROLS = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b"]
PRE_REGISTRATION_FIELDS = (
    "name", "id_number", "gender", "birth_date", "hukou_type", "hukou_location",
    "hukou_moved_in_on", "area", "address", "residence_type", "living_since", "phone",
    "service_needs", "remarks",
)
PROJECT_PACKAGES = ("residents", "casework", "reporters", "archives", "config")


@pytest.mark.parametrize("char", NAMED + OTHER_FORMAT + CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_the_validator_refuses_every_invisible_character(char):
    with pytest.raises(ValidationError) as refused:
        validate_visible_text(f"王{char}明")
    assert refused.value.code == "invisible_characters"
    assert without_invisible(f"王{char}明") == "王明"


@pytest.mark.parametrize(
    "text", ["王小明", "阿卜杜热合曼·艾合买提", "O'Neil-Smith", "第一行\r\n第二行\t缩进", "😀", ""]
)
def test_the_validator_accepts_visible_text_with_line_breaks(text):
    validate_visible_text(text)


def _project_modules():
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            yield importlib.import_module(module.name)


def test_every_form_of_the_project_is_a_project_form():
    found, outside = [], []
    for module in _project_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
                if not issubclass(value, ProjectForm):
                    outside.append(f"{value.__module__}.{value.__qualname__}")
    assert len(found) > 40
    assert outside == []


def test_a_project_form_guards_every_text_field_even_one_added_later():
    class Sample(ProjectForm):
        text = forms.CharField()
        email = forms.EmailField()
        number = forms.IntegerField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField(required=False)

    form = Sample({"text": "a\u202eb", "email": "a@b.cn", "number": "1", "late": "\u200b"})
    with translation.override("zh-hans"):
        assert not form.is_valid()
        assert form.errors["text"] == [MESSAGE]
        assert form.errors["late"] == [MESSAGE]
    # The declared field itself is not changed for the next form.
    assert validate_visible_text not in Sample.base_fields["text"].validators


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "address", "remarks"])
def test_registration_refuses_an_override_in_a_text(front_desk_client, field):
    payload = form_payload(registration_data(**{field: "王\u202e小明"}))
    response = front_desk_client.post(reverse("residents:create"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    assert not Resident.objects.filter(id_number=payload["id_number"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "service_needs", "remarks", "hukou_location"])
def test_pre_registration_refuses_a_zero_width_space(client, field):
    data = registration_data(phone="", **{field: "张\u200b三"})
    payload = form_payload({name: data[name] for name in PRE_REGISTRATION_FIELDS})
    payload["consent"] = "on"
    response = client.post(reverse("preregister"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    assert not Resident.objects.filter(id_number=payload["id_number"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "欧阳\u202e网友"),
        ("subject", "\u2066垃圾清运\u2069"),
        ("details", "气味\ufeff很大"),
    ],
)
def test_the_public_complaint_form_refuses_invisible_characters(client, field, value):
    payload = {
        "complaint_type": "complaint", "name": "欧阳网友", "contact": "13800139999",
        "subject": "垃圾清运不及时", "details": "3号楼垃圾桶连续三天无人清运。",
        "consent": "on", "website": "", field: value,
    }
    response = client.post(reverse("public:complaint_new"), payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_password_may_hold_any_character_at_sign_in(client):
    # A password is never shown: the sign-in form, a project form, refuses nothing in it.
    password = "Pass\u200dword-2026\u202e"
    user = make_user(roles.FRONT_DESK, username="zwj")
    user.set_password(password)
    user.save()
    response = client.post(reverse("login"), {"username": "zwj", "password": password})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_sign_in_form_refuses_an_invisible_character_in_the_username(client):
    response = client.post(reverse("login"), {"username": "z\u200bwj", "password": "x" * 12})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [MESSAGE]
