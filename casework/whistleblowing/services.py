"""Receiving and handling whistle-blowing reports (SUP-7)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.models import (
    WhistleblowingChannel,
    WhistleblowingReport,
    WhistleblowingSequence,
    WhistleblowingStatus,
    WhistleblowingStep,
)
from residents.common.errors import ActionRefused
from residents.common.numbering import year_counter_next
from residents.common.permissions import require_perm

HANDLE = "casework.handle_whistleblowingreport"
S = WhistleblowingStatus
# action → (statuses it starts from, status it leads to, whether a note is required)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "investigate": ((S.RECEIVED,), S.INVESTIGATING, False),
    "conclude": ((S.INVESTIGATING,), S.CONCLUDED, True),
    "dismiss": ((S.RECEIVED, S.INVESTIGATING), S.DISMISSED, True),
}
ACTION_LABELS = {
    "receive": gettext_lazy("Report received"),
    "investigate": gettext_lazy("Investigation started"),
    "conclude": gettext_lazy("Conclude"),
    "dismiss": gettext_lazy("Do not take up"),
}


def _receive(*, actor, channel: str, about: str, content: str, name: str, contact: str,
             consent: bool) -> WhistleblowingReport:
    if not about.strip():
        raise ActionRefused(_("Say who or what the report is about."), field="about")
    if not content.strip():
        raise ActionRefused(_("Describe what happened."), field="content")
    if (name.strip() or contact.strip()) and not consent:
        # PRI-1: a name or contact is kept only with consent; an anonymous report needs none.
        raise ActionRefused(
            _("Tick the consent box, or leave your name and contact empty to report "
              "anonymously."),
            field="consent",
        )
    with transaction.atomic():
        year = timezone.localdate().year
        number = year_counter_next(model=WhistleblowingSequence, year=year)
        report = WhistleblowingReport(
            number=f"JB-{year}-{number:06d}", channel=channel, about=about.strip(),
            content=content.strip(), reporter_name=name.strip(), reporter_contact=contact.strip(),
            received_by=actor,
        )
        report.full_clean()
        report.save()
        WhistleblowingStep.objects.create(
            report=report, action="receive", to_status=report.status, actor=actor
        )
    return report


def whistleblowing_submit_online(*, about: str, content: str, name: str = "",
                                 contact: str = "", consent: bool = False) -> WhistleblowingReport:
    """A report sent through the public form: no actor; anonymous if no name or contact."""
    return _receive(actor=None, channel=WhistleblowingChannel.ONLINE, about=about,
                    content=content, name=name, contact=contact, consent=consent)


def whistleblowing_register(*, actor, channel: str, about: str, content: str, name: str = "",
                            contact: str = "", consent: bool = False) -> WhistleblowingReport:
    """A report taken by the supervision group or an auditor (hotline, letter)."""
    require_perm(actor, "casework.add_whistleblowingreport")
    if channel == WhistleblowingChannel.ONLINE:
        raise ActionRefused(_("Online reports arrive through the public form."), field="channel")
    return _receive(actor=actor, channel=channel, about=about, content=content, name=name,
                    contact=contact, consent=consent)


def whistleblowing_step(*, actor, report: WhistleblowingReport, action: str,
                        note: str = "") -> WhistleblowingReport:
    require_perm(actor, HANDLE)
    if action not in TRANSITIONS:
        raise ActionRefused(_("This step does not exist."))
    sources, target, needs_note = TRANSITIONS[action]
    with transaction.atomic():
        locked = WhistleblowingReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in sources:
            # A second click, or someone else acted first.
            raise ActionRefused(
                _("This report is now “%(status)s”: the step is no longer open.")
                % {"status": locked.get_status_display()}
            )
        if needs_note and not note.strip():
            raise ActionRefused(_("Write the conclusion or the reason."), field="note")
        step = WhistleblowingStep(
            report=locked, action=action, from_status=locked.status, to_status=target,
            note=note.strip(), actor=actor,
        )
        locked.status = target
        update = ["status"]
        if action == "conclude":
            locked.conclusion = note.strip()
            update.append("conclusion")
        locked.save(update_fields=update)
        step.save()
    return locked


def steps_open(report: WhistleblowingReport) -> list[str]:
    return [action for action, (sources, _t, _n) in TRANSITIONS.items()
            if report.status in sources]
