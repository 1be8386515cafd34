"""A destroyed resident in the information reports (ARC-9): the link naming them goes, and the
reports' texts — written by reporters about many people — lose the resident's identifying
values (name, ID number, phone numbers, address); the reports themselves stay."""

from __future__ import annotations

from django.db.models import CharField, TextField

from reporters.models import Report, ReportCase, ReportResident
from residents.models import Resident
from residents.people.erasure import Traces, register_eraser, scrub_texts


def _free_texts(model) -> list[str]:
    return [
        field.name for field in model._meta.concrete_fields
        if isinstance(field, CharField | TextField) and not field.choices
        and not field.unique
    ]


def resident_reports_erase(resident: Resident, traces: Traces) -> None:
    links = ReportResident.objects.filter(resident=resident)
    report_ids = list(links.values_list("report", flat=True))
    for link in links:
        link.delete()
    scrub_texts(Report.objects.filter(pk__in=report_ids), _free_texts(Report), traces)


def register() -> None:
    # A report's link to the case it opened holds nothing personal: it stays, like the case.
    register_eraser(
        label="reporters", models=(ReportResident, ReportCase)
    )(resident_reports_erase)
