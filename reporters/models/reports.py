"""Information reports (REP-2, REP-3, REP-5, REP-10): four categories, the fixed template,
review with history, and the residents a report names (ACC-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from residents.audit.querysets import AuditedQuerySet


class ReportCategory(models.TextChoices):
    OPINION = "opinion", _("Residents' opinions and suggestions")
    EVENT = "event", _("Community event")
    CONSTRUCTION = "construction", _("Community construction")
    ENVIRONMENT = "environment", _("Environment and hygiene")


class EventKind(models.TextChoices):
    FIRE = "fire", _("Emergency: fire")
    THEFT = "theft", _("Emergency: theft")
    DISASTER = "disaster", _("Emergency: natural disaster")
    NEIGHBOUR_DISPUTE = "neighbour_dispute", _("Dispute between neighbours")
    PROPERTY_DISPUTE = "property_dispute", _("Dispute with the property management")
    ROAD_HAZARD = "road_hazard", _("Safety hazard: road")
    BUILDING_HAZARD = "building_hazard", _("Safety hazard: building")


class CollectionMethod(models.TextChoices):
    VISIT = "visit", _("Home visit")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    FORUM = "forum", _("Residents' forum")
    OBSERVATION = "observation", _("Own observation")
    PHONE = "phone", pgettext_lazy("collection method", "Phone")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    REJECTED = "rejected", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    HANDLED = "handled", _("Handled")
    CLOSED = "closed", _("Closed: residents satisfied")


class ReportSequence(models.Model):
    """The last report number given in one year (locked while numbering)."""

    kind = models.CharField(_("kind"), max_length=20)  # "report" or "emergency"
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("report number sequence")
        verbose_name_plural = _("report number sequences")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="reporters_sequence_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class Report(models.Model):
    number = models.CharField(_("report number"), max_length=20, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="information_reports",
        verbose_name=_("reporter"),
    )
    group = models.ForeignKey(
        "reporters.WorkGroup", on_delete=models.PROTECT, null=True, blank=True,
        related_name="reports", verbose_name=_("work group"),
    )
    category = models.CharField(_("category"), max_length=20, choices=ReportCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    collection_method = models.CharField(
        _("how it was collected"), max_length=20, choices=CollectionMethod.choices
    )
    # The fixed template of every report (REP-10).
    source = models.TextField(_("source of the information"), max_length=1000)
    facts = models.TextField(_("facts"), max_length=4000)
    analysis = models.TextField(_("analysis"), max_length=4000)
    suggested_measures = models.TextField(_("suggested measures"), max_length=2000)
    # Residents' opinions and suggestions.
    proposer = models.CharField(_("proposed by"), max_length=50, blank=True)
    proposer_contact = models.CharField(_("proposer's contact"), max_length=50, blank=True)
    # Community events.
    event_kind = models.CharField(
        _("kind of event"), max_length=30, choices=EventKind.choices, blank=True
    )
    occurred_at = models.DateTimeField(_("time of the event"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    course = models.TextField(_("course of events"), max_length=4000, blank=True)
    people_involved = models.TextField(_("people involved"), max_length=1000, blank=True)
    current_state = models.TextField(_("current state"), max_length=1000, blank=True)
    measures_taken = models.TextField(_("measures taken"), max_length=2000, blank=True)
    # Construction.
    project = models.CharField(_("project"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    problems = models.TextField(_("problems"), max_length=2000, blank=True)
    figures = models.TextField(_("figures"), max_length=1000, blank=True)
    # Environment and hygiene.
    problem_area = models.CharField(_("problem area"), max_length=200, blank=True)
    causes = models.TextField(_("causes"), max_length=2000, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_result = models.TextField(_("handling result"), max_length=2000, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("information report")
        verbose_name_plural = _("information reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "first_submitted_at"])]

    def __str__(self) -> str:
        return self.number


class ReportSubmission(models.Model):
    """Each (re)submission keeps what was submitted: a corrected report keeps its history."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    submitted_at = models.DateTimeField(_("submitted at"))
    content = models.JSONField(_("content as submitted"))

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.submitted_at:%Y-%m-%d %H:%M}"


class ReportReview(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("reviewer"),
    )
    truthful = models.BooleanField(_("truthful"))
    complete = models.BooleanField(_("complete"))
    accurate = models.BooleanField(_("accurate"))
    well_formatted = models.BooleanField(_("in the required format"))
    approved = models.BooleanField(_("approved"))
    reason = models.TextField(_("what is wrong"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {'approved' if self.approved else 'returned'}"


class ReportAttachment(models.Model):
    """A photo or document attached to a report (images and PDF only, via the document store)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "residents.Document", on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=100, blank=True)
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.document_id}"


class ReportEvaluation(models.Model):
    """The residents' evaluation of how a report was handled, collected and fed back (REP-6,
    REP-16): satisfied closes the loop; not satisfied reopens the report for handling."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evaluations")
    satisfied = models.BooleanField(_("residents satisfied"))
    comment = models.TextField(_("residents' comments"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("residents' evaluation")
        verbose_name_plural = _("residents' evaluations")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {'satisfied' if self.satisfied else 'not satisfied'}"


class ReportResident(models.Model):
    """A resident the report names, linked by the number the reporter typed (ACC-2)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="named_residents")
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("resident"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident named in a report")
        verbose_name_plural = _("residents named in reports")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "resident"], name="reporters_report_resident_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.resident_id}"


class WeeklyMailing(models.Model):
    """The week's approved reports compiled into one PDF and mailed (REP-11)."""

    week_start = models.DateField(_("week starting"), unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    recipient = models.CharField(_("mailbox"), max_length=254)
    report_numbers = models.JSONField(_("reports"), default=list)
    attachment_name = models.CharField(_("attachment"), max_length=100)
    attachment_sha256 = models.CharField(_("attachment SHA-256"), max_length=64)
    attachment = models.BinaryField(_("attachment content"))

    class Meta:
        verbose_name = _("weekly mailing")
        verbose_name_plural = _("weekly mailings")
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return f"{self.week_start}"
