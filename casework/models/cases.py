"""The one request engine (Issue 5): a case of some kind, its review steps and its materials.

Change requests, query requests, service-window affairs and complaints are all `Case` rows;
what differs between the kinds is data (`casework.engine.workflows`), not code. Every state change
goes through `casework.engine.services`, which records a `CaseStep` (who, when, decision, reason).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class CaseKind(models.TextChoices):
    CHANGE = "change", _("Information change request")
    QUERY = "query", _("Information query request")
    AFFAIR = "affair", _("Service window affair")
    COMPLAINT = "complaint", _("Complaint or suggestion")
    RECTIFICATION = "rectification", _("Rectification")


class CaseChannel(models.TextChoices):
    WINDOW = "window", _("At the service window")
    HOTLINE = "hotline", _("By the hotline")
    ONLINE = "online", _("Online")
    STAFF_NOTICE = "staff_notice", _("Noticed by staff")


class FeedbackChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    PICKUP = "pickup", _("Picked up at the window")


class CaseSequence(models.Model):
    """The last number given to a case of one kind in one year (locked while numbering)."""

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="casework_sequence_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class CaseQuerySet(AuditedQuerySet):
    def awaiting_return_visit(self):
        """The one rule (AFF-6): complaints once told their result; other kinds once closed,
        until their return visit is recorded."""
        complaint = models.Q(kind=CaseKind.COMPLAINT)
        return self.filter(
            (complaint & models.Q(status="feedback_given"))
            | (~complaint & models.Q(status="closed", return_visits__isnull=True))
        )


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices, db_index=True)
    # Complaints may come from people who are not registered residents.
    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.PROTECT, null=True, blank=True,
        related_name="cases", verbose_name=_("resident"),
    )
    applicant_name = models.CharField(_("applicant name"), max_length=100, blank=True)
    applicant_contact = models.CharField(_("applicant contact"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    # The query's purpose, the affair's particulars or the complaint's content.
    details = models.TextField(_("details"), blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=CaseChannel.choices, default=CaseChannel.WINDOW
    )
    status = models.CharField(_("status"), max_length=30, db_index=True)
    # Empty for complaints sent through the public online form.
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("opened by"), null=True, blank=True,
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    due_on = models.DateField(_("due on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Windows and duties (AFF-7): who handles the case at which window (the opener unless a
    # manager reassigns it), and the limit of the step the case stands on (AFF-8).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("handler"), null=True, blank=True,
    )
    window = models.ForeignKey(
        "casework.ServiceWindow", on_delete=models.PROTECT, null=True, blank=True,
        related_name="cases", verbose_name=_("window"),
    )
    step_due_on = models.DateField(_("this step due on"), null=True, blank=True)

    # Service-window affairs: the catalogue item, and whether it takes a second review.
    affair_item = models.ForeignKey(
        "casework.AffairItem", on_delete=models.PROTECT, null=True, blank=True,
        related_name="cases", verbose_name=_("affair item"),
    )
    needs_second_review = models.BooleanField(_("needs a second review"), default=False)
    # Query requests: the identity document checked, and whether the access report is wanted.
    identity_document = models.CharField(_("identity document checked"), max_length=100, blank=True)
    include_access_report = models.BooleanField(
        _("include who viewed or changed the record"), default=False
    )
    # Change requests: the resident record's last change when the request was opened (or
    # re-based); approval refuses when the record has changed since.
    resident_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Result feedback to the applicant (AFF-5) and escalation of complaints (QRY-2).
    feedback_channel = models.CharField(
        _("feedback channel"), max_length=20, choices=FeedbackChannel.choices, blank=True
    )
    feedback_text = models.TextField(_("feedback given"), blank=True)
    escalated_to = models.CharField(_("escalated to department"), max_length=100, blank=True)
    # The public board (CMP-3, PUB-1): staff-written texts free of personal information.
    public_summary = models.TextField(_("public summary"), blank=True)
    public_result = models.TextField(_("public result"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the resident's archive was destroyed (ARC-9): the case stays counted, its
    # personal texts and its steps' reasons are erased.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True,
                                     editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            # Case numbers are looked up case-insensitively (case list, archive catalogue).
            models.Index(Upper("number"), name="case_number_upper"),
        ]
        permissions = [
            ("verify_case", _("Can verify a case (front desk check)")),
            ("approve_case", _("Can approve a case")),
            ("review_case", _("Can review a case")),
            ("handle_case", _("Can handle a case")),
            ("publish_case", _("Can publish a handled complaint on the public board")),
            ("assign_case", _("Can reassign the handler of a case")),
        ]

    def __str__(self) -> str:
        return f"Case {self.number}"


class CaseStep(models.Model):
    """One recorded step of a case: who acted, when, and the decision with its reason."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="steps", verbose_name=_("case")
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30)
    decision_reason = models.TextField(_("decision and reason"), blank=True)
    # Empty only for the opening of a complaint sent through the public online form.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("actor"), null=True, blank=True,
    )
    acted_at = models.DateTimeField(_("acted at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["acted_at", "pk"]

    def __str__(self) -> str:
        return f"Case step #{self.pk} {self.action}"


class CaseMaterial(models.Model):
    """One line of the required-materials checklist of a case."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="materials", verbose_name=_("case")
    )
    name = models.CharField(_("material"), max_length=100)
    required = models.BooleanField(_("required"), default=True)
    received = models.BooleanField(_("received"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The scan of the material handed in, in the one document store (ARC-7).
    document = models.ForeignKey(
        "residents.Document", verbose_name=_("scan"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Case material #{self.pk}"
