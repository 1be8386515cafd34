"""Resident records, archive numbering and printed slips.

A resident record is also its registration: one person, one row (REG-7), moving through
draft → submitted → verified, or returned. The archive number is assigned on verification.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Func, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from residents.audit.querysets import AuditedQuerySet


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidenceType(models.TextChoices):
    OWN = "own", _("Own home")
    RENTED = "rented", _("Rented")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")


class Channel(models.TextChoices):
    WINDOW = "window", _("At the service window")
    ONLINE = "online", _("Online self-declaration")
    VISIT = "visit", _("Home visit")
    IMPORT = "import", _("Shared data import")


class IdentityDocument(models.TextChoices):
    ID_CARD = "id_card", _("Resident identity card")
    HOUSEHOLD_BOOKLET = "hukou_booklet", _("Household register booklet")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    TEMPORARY_ID = "temporary_id", _("Temporary identity card")
    PASSPORT = "passport", _("Passport")
    HMT_PERMIT = "hmt_permit", _("Residence permit for Hong Kong, Macao and Taiwan residents")
    FOREIGN_PR_CARD = "foreign_pr_card", _("Foreigner's permanent residence ID card")


# Documents whose number is the resident's ID number: their number defaults to it.
DOCUMENTS_CARRYING_ID_NUMBER = frozenset({
    IdentityDocument.ID_CARD, IdentityDocument.RESIDENCE_PERMIT, IdentityDocument.TEMPORARY_ID,
    IdentityDocument.HMT_PERMIT, IdentityDocument.FOREIGN_PR_CARD,
})


class HukouType(models.TextChoices):
    REGISTERED = "registered", _("Registered resident (户籍)")
    NON_REGISTERED = "non_registered", _("Non-registered resident (非户籍)")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior middle school")
    SENIOR = "senior", _("Senior middle school or vocational school")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class NameGrams(Func):
    """The distinct two-character pieces of a name (SQL function `resident_name_grams`,
    migration 0041): a name contains a fragment only if it holds every piece of the fragment.
    pg_trgm cannot serve here: it skips non-ASCII characters under the C locale, and this
    PostgreSQL has no ICU."""

    function = "resident_name_grams"
    output_field = ArrayField(models.TextField())


class Resident(models.Model):
    # Identity
    name = models.CharField(_("name"), max_length=50)
    name_sort_key = models.CharField(max_length=200, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    # Which document the ID number belongs to, read from the number (residents.common.id_numbers).
    id_document = models.CharField(
        _("ID number document"), max_length=20, choices=IdentityDocument.choices,
        default=IdentityDocument.ID_CARD,
    )
    # Household registration (户籍)
    hukou_location = models.CharField(_("place of household registration"), max_length=200)
    hukou_moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    # Residence
    address = models.CharField(_("current address"), max_length=200)
    residence_type = models.CharField(
        _("residence type"), max_length=10, choices=ResidenceType.choices
    )
    living_since = models.DateField(_("living here since"), null=True, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # Classification (CLS-2, CLS-3 floating population); the age group is derived, never stored.
    hukou_type = models.CharField(
        _("household registration type"),
        max_length=20,
        choices=HukouType.choices,
        default=HukouType.REGISTERED,
    )
    area = models.CharField(_("residence area"), max_length=50, blank=True, db_index=True)
    # Neither it nor the registration type has an index of its own: two values each, read
    # through the counts table or beside a narrower condition (migration 0153).
    is_floating = models.BooleanField(_("floating population"), default=False)
    floating_arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    floating_expected_until = models.DateField(_("expected to stay until"), null=True, blank=True)
    # Work and education (REG-1), comprehensive information
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    occupation = models.CharField(_("occupation"), max_length=50, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    work_contact = models.CharField(_("work contact"), max_length=50, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    school = models.CharField(_("school"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=50, blank=True)
    # Periodic re-check (UPD-6): the date of the latest full re-check, kept by its service.
    rechecked_on = models.DateField(_("last re-checked on"), null=True, blank=True, db_index=True)
    service_needs = models.TextField(_("service needs"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    # Identity documents checked at the window (REG-2)
    documents_checked = ArrayField(
        models.CharField(max_length=20, choices=IdentityDocument.choices),
        verbose_name=_("identity documents checked"),
        default=list,
        blank=True,
    )
    # Consent to the optional fields (PRI-1)
    consent_optional = models.BooleanField(_("consents to optional information"), default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WINDOW
    )
    # Registration workflow (REG-3)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )  # indexed first in resident_status_sort
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Who last submitted it for verification: with created_by, the staff who may not verify it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    archive_number = models.CharField(
        _("archive number"), max_length=20, unique=True, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name_sort_key", "pk"]
        permissions = [
            ("verify_resident", _("Can verify or return registrations")),
            ("view_service_needs", _("Can view service needs")),
            ("view_feedback", _("Can view feedback")),
            ("view_sensitive", _("Can view comprehensive and sensitive information")),
            ("view_key_person", _("Can view the key person register")),
            ("reveal_masked", _("Can reveal one masked value for a stated reason")),
            ("request_access_report", _("Can print a resident's access and change report")),
        ]
        indexes = [
            GinIndex(name="resident_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            # Covers the list order, so a page's keys come from the index alone.
            models.Index(fields=["name_sort_key", "id"], name="resident_sort_order"),
            models.Index(fields=["phone"], name="resident_phone"),
            models.Index(fields=["name", "birth_date"], name="resident_name_birth"),
            # Name fragments of two characters and more (residents.people.selectors).
            GinIndex(NameGrams("name"), name="resident_name_grams"),
            # The part of a birth month before an age-group boundary is counted from here.
            models.Index(fields=["birth_date", "status"], name="resident_birth_status"),
            # Archive numbers are looked up case-insensitively (search, audit trail filter).
            models.Index(Upper("archive_number"), name="resident_archive_upper"),
            # The list of one status in list order, from the index alone (deep pages too).
            models.Index(fields=["status", "name_sort_key", "id"], name="resident_status_sort"),
        ]
        constraints = [
            models.CheckConstraint(
                name="resident_verified_has_archive_number",
                condition=~Q(status="verified") | Q(archive_number__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        # No name or ID number here: this string lands in logs and audit entries.
        return f"Resident #{self.pk}"


class ResidentCount(models.Model):
    """How many residents of a registration status have one value of a counted field: the
    counts behind the resident list's filters, without scanning the residents.

    Kept by statement-level triggers on residents_resident (migration 0040) in the transaction
    that inserts, updates or deletes residents, whatever the path (services, imports, bulk
    statements, COPY), so the counts are exact at every commit. Facets: hukou_type, floating
    ("yes"/"no"), area, and birth_month ("YYYY-MM"): age groups move with every birthday, so
    they are summed from birth months when read (residents.people.counts).
    """

    status = models.CharField(max_length=10)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=50)
    residents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "facet", "value"], name="resident_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.facet}={self.value}: {self.residents}"


class ArchiveSequence(models.Model):
    """The last archive number handed out in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class SlipKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration confirmation slip")


class Slip(models.Model):
    """One printed slip: who printed what, when, its content hash and the code printed on it."""

    kind = models.CharField(_("kind"), max_length=20, choices=SlipKind.choices)
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="slips"
    )
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)
    content_hash = models.CharField(max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=12, unique=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signature recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_recorded_at = models.DateTimeField(null=True, blank=True)
    # Why this slip was printed again (empty for the resident's first registration slip).
    reprint_reason = models.CharField(_("reason for printing again"), max_length=200, blank=True)
    # The scan of the signed paper, in the document store (SHA-256, type checked by content);
    # the document carries the slip's field groups.
    signed_document = models.ForeignKey(
        "residents.Document", verbose_name=_("signed scan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # The field groups the slip shows in full (residents.access.fields.FieldGroup values): its
    # signed scan opens only to users who may see every one of them for this resident.
    field_groups = ArrayField(
        models.CharField(max_length=20), verbose_name=_("field groups shown"), default=list
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("printed slip")
        verbose_name_plural = _("printed slips")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"Slip {self.verification_code}"


class SocialContact(models.Model):
    """A main social contact of a resident (REG-1), comprehensive information."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=50)
    relationship = models.CharField(_("relationship"), max_length=30)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("social contact")
        verbose_name_plural = _("social contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Contact #{self.pk}"


class ResidentDocument(models.Model):
    """One identity document checked at registration (REG-2): its type and number.

    The number is comprehensive information (like the ID number); an optional scan is kept in
    the document store, opened only by those who may see that group.
    """

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE,
        related_name="identity_documents",
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=IdentityDocument.choices
    )
    number = models.CharField(_("document number"), max_length=30)
    # Optional scan in the document store; it opens only with comprehensive information.
    scan = models.ForeignKey(
        "residents.Document", verbose_name=_("scan"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "document_type"], name="resident_document_once_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"Identity document #{self.pk}"


class HukouMoveKind(models.TextChoices):
    MOVED_IN = "moved_in", _("Moved in (迁入)")
    MOVED_OUT = "moved_out", _("Moved out (迁出)")
    TRANSFERRED = "transferred", _("Moved within the area (区内迁移)")
    CORRECTED = "corrected", _("Registration place corrected")


class HukouMove(models.Model):
    """A dated move of a resident's household registration (户籍变动情况, REG-1)."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE,
        related_name="hukou_moves",
    )
    kind = models.CharField(_("kind of move"), max_length=20, choices=HukouMoveKind.choices)
    moved_on = models.DateField(_("date of the move"))
    from_place = models.CharField(_("moved from"), max_length=200, blank=True)
    to_place = models.CharField(_("moved to"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household registration move")
        verbose_name_plural = _("household registration moves")
        ordering = ["-moved_on", "-pk"]

    def __str__(self) -> str:
        return f"Hukou move #{self.pk}"


class FormKind(models.TextChoices):
    REGISTRATION = "registration_form", _("Resident information registration form")
    CHANGE = "change_form", _("Information change application form")
    QUERY = "query_form", _("Information query application form")


class FormPrint(models.Model):
    """One printed form for a resident to fill in and sign (REG-9), blank or pre-filled.

    Like a slip it carries a verification code (REG-11); a blank form names no resident.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices)
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="form_prints",
    )
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("printed by"), on_delete=models.PROTECT,
        related_name="+",
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)
    content_hash = models.CharField(max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=12, unique=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("printed form")
        verbose_name_plural = _("printed forms")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"Form {self.verification_code}"
