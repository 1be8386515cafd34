"""A destroyed resident's cases (ARC-9): each case stays counted (number, kind, dates,
statuses, who acted) while the texts that carry the resident's personal data are erased."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from casework.models import (
    Appointment,
    Case,
    CaseMaterial,
    CaseSlip,
    CaseStep,
    ChangeDeclaration,
    ChangeItem,
    ComplaintAttribution,
    Rectification,
    ReturnVisit,
)
from residents.models import Resident
from residents.people.erasure import Traces, erase_texts, register_eraser, scrub_texts

# What the applicant said, gave or was told: erased. Texts staff wrote for others (the subject,
# the public board's texts) keep what they say without the resident's identifying values.
PERSONAL_TEXTS = ("applicant_name", "applicant_contact", "details", "feedback_text",
                  "identity_document")
SHARED_TEXTS = ("subject", "escalated_to", "public_summary", "public_result")


def resident_cases_erase(resident: Resident, traces: Traces) -> None:
    cases = Case.objects.filter(resident=resident)
    case_ids = list(cases.values_list("pk", flat=True))
    erase_texts(cases, PERSONAL_TEXTS)
    scrub_texts(cases, SHARED_TEXTS, traces)
    erase_texts(CaseMaterial.objects.filter(case__in=case_ids), ["note"])
    # Their scans are the resident's documents, deleted with them (residents eraser).
    CaseMaterial.objects.filter(case__in=case_ids).update(document=None)
    erase_texts(ReturnVisit.objects.filter(case__in=case_ids), ["comment"])
    erase_texts(ChangeItem.objects.filter(resident=resident), ["old_value", "new_value"])
    erase_texts(ChangeItem.objects.filter(case__in=case_ids), ["old_value", "new_value"])
    # A rectification about the resident's case keeps its finding for the statistics, without
    # the resident's identifying values; an attribution names staff and windows only.
    scrub_texts(Rectification.objects.filter(case__in=case_ids),
                ["finding_text", "requirements"], traces)
    # Appointments stay counted per window and day; what they were for may name the resident.
    scrub_texts(Appointment.objects.filter(resident=resident), ["purpose"], traces)
    cases.filter(erased_at__isnull=True).update(erased_at=timezone.now())
    # The steps are append-only for the application; the owner's function blanks the reasons
    # of erased cases only (casework migration 0040).
    with connection.cursor() as cursor:
        for case_id in case_ids:
            cursor.execute("SELECT casework_erase_step_reasons(%s)", [case_id])


def register() -> None:
    register_eraser(
        label="casework",
        models=(Case, CaseStep, CaseMaterial, ChangeItem, ChangeDeclaration, CaseSlip,
                ReturnVisit, Rectification, ComplaintAttribution, Appointment),
    )(resident_cases_erase)
