"""Thin views: check access, validate, call one service, say what happened, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from residents.access.fields import DETAIL_FIELDS, FIELD_LABELS, FieldGroup
from residents.access.policy import REVEALABLE, policies_for, policy_for
from residents.audit.context import Event
from residents.audit.log import record_reads, record_search
from residents.audit.purposes import ReadPurpose
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import normalise_code, verified_print
from residents.common.permissions import require_perm
from residents.common.ratelimit import limit_public_submissions
from residents.common.timeline import timeline_for
from residents.common.urls import url_for_each
from residents.documents.responses import document_response
from residents.exports.services import clean_filters
from residents.models import FormKind, Gender, RegistrationStatus, ResidentDocument
from residents.people import printed_forms, selectors, services
from residents.people.classification import AGE_GROUP_LABELS, age_group
from residents.people.filters import (
    facet_options,
    list_counts,
    list_parameters,
    list_seek,
    list_total,
)
from residents.people.forms import (
    HukouMoveForm,
    PreRegistrationForm,
    RegistrationForm,
    ReturnForm,
    RevealForm,
    SlipPrintForm,
    SlipSignedForm,
)
from residents.people.pdf import slip_filename
from residents.people.presentation import as_text, display_rows
from residents.worklists.homes import home_for, render_home

LIST_PAGE_SIZE = 50
# What the list shows of each resident, the only fields it loads.
LIST_FIELDS = ("name", "gender", "birth_date", "id_number", "phone", "status", "archive_number")


class PageKeys:
    """The list's keys (an ordered queryset of pks) for the paginator.

    With `seek` (the list of every resident of a status, in sort order): a page starts at the
    sort-key prefix that the counts table places its first resident under
    (residents.people.counts.page_start), so the OFFSET skips only the residents of that
    prefix, never more than about 1% of the list. Otherwise a page in the second half is
    read backwards from the last key, so an OFFSET never skips more than half of the list.
    A search's first page may come with the keys already read (`first_page`). Every way
    follows the same total order (name_sort_key, pk): a page holds the same residents
    whichever way it was read.
    """

    def __init__(
        self, keys, count: int | None, *, seek=None, first_page: list[int] | None = None
    ) -> None:
        self.keys = keys
        self.known = count
        self.seek = seek
        # The keys of the first page, when already read in list order (a search's counts).
        self.first_page = first_page

    def count(self) -> int:
        if self.known is None:
            self.known = self.keys.count()
        return self.known

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        total = self.count()
        stop = total if stop is None else min(stop, total)
        if stop <= start:
            return []
        if start == 0 and self.first_page is not None and stop <= len(self.first_page):
            return self.first_page[:stop]
        found = self.seek(start) if self.seek is not None else None
        if found is not None:
            prefix, before = found
            return list(
                self.keys.filter(name_sort_key__gte=prefix)[start - before : stop - before]
            )
        if start <= total // 2:
            return list(self.keys[start:stop])
        return list(self.keys.reverse()[total - stop : total - start])[::-1]


def home(request):
    """Each role's own home (residents/worklists/homes.py); the plain overview otherwise."""
    target = home_for(request.user)
    if target is not None:
        return render_home(request, target)
    policy = policy_for(request.user)
    counts = selectors.pending_counts(request.user) if policy.may_see_residents else {}
    return render(
        request,
        "home.html",
        {
            "policy": policy,
            "submitted_count": counts.get(RegistrationStatus.SUBMITTED, 0),
            "draft_count": counts.get(RegistrationStatus.DRAFT, 0),
            "returned_count": counts.get(RegistrationStatus.RETURNED, 0),
            "verified_count": counts.get(RegistrationStatus.VERIFIED, 0),
        },
    )


def _list_rows(residents, policies):
    return [
        {
            "resident": resident,
            "birth_date": as_text(
                resident, "birth_date", policies[resident.pk].list_value(resident, "birth_date")
            ),
            "id_number": policies[resident.pk].list_value(resident, "id_number"),
            "phone": policies[resident.pk].list_value(resident, "phone"),
        }
        for resident in residents
    ]


def _list_body(rows, *, selectable: bool) -> str:
    """The list table's rows as HTML, built here rather than by the template engine, which
    spends about as long on fifty rows of eight cells as the whole page's SQL. The markup is
    the one the template wrote; every value is escaped."""
    detail = url_for_each("residents:detail")
    select = escape(_("Select"))
    genders = {value: escape(label) for value, label in Gender.choices}
    statuses = {value: escape(label) for value, label in RegistrationStatus.choices}
    cells = []
    for row in rows:
        resident = row["resident"]
        pk = str(resident.pk)
        name = escape(resident.name)
        checkbox = (
            f'<td><input type="checkbox" form="batch-print" name="resident" value="{pk}" '
            f'aria-label="{select} {name}"></td>'
            if selectable
            else ""
        )
        status = escape(resident.status)
        cells.append(
            f"\n    <tr>\n      {checkbox}\n"
            f"      <td>{escape(resident.archive_number or '—')}</td>\n"
            f'      <td><a href="{detail(pk)}">{name}</a></td>\n'
            f"      <td>{genders.get(resident.gender, escape(resident.gender))}</td>\n"
            f"      <td>{escape(row['birth_date'])}</td>\n"
            f'      <td class="mono">{escape(row["id_number"] or "—")}</td>\n'
            f'      <td class="mono">{escape(row["phone"] or "—")}</td>\n'
            f'      <td><span class="status status-{status}">'
            f"{statuses.get(resident.status, status)}</span></td>\n    </tr>\n  "
        )
    return mark_safe("".join(cells))  # noqa: S308 - every value went through escape


def _option(value, label, selected: bool) -> str:
    chosen = " selected" if selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'


def _facets_html(facets: list[dict], areas: dict[str, int], area: str) -> str:
    """The filter bar's selects as HTML, built here as the rows are: its thirty-odd options
    cost the template engine a few milliseconds on every list page. Every value is escaped."""
    parts = []
    for facet in facets:
        name = escape(facet["name"])
        options = "".join(
            _option(option["value"], option["label"], option["selected"])
            for option in facet["options"]
        )
        parts.append(
            f'\n    <label for="f-{name}">{escape(facet["label"])}</label>\n'
            f'    <select id="f-{name}" name="{name}">\n      {options}\n    </select>'
        )
    options = _option("", _("All"), False) + "".join(
        _option(name, f"{name}（{number}）", name == area) for name, number in areas.items()
    )
    parts.append(
        f'\n    <label for="f-area">{escape(_("Residence area"))}</label>\n'
        f'    <select id="f-area" name="area">\n      {options}\n    </select>\n  '
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value went through escape


def resident_list(request):
    """Residents the user may see; staff with grants see just the residents granted to them."""
    if not (
        policy_for(request.user).may_see_residents
        or request.user.has_perm("residents.add_accessgrant")
    ):
        raise PermissionDenied
    query, status, filters = list_parameters(request.user, request.GET)
    role_policy = policy_for(request.user)
    searched = selectors.residents_search(request.user, query=query, status=status)
    residents = filters.apply(searched)
    # Unfiltered, the list is `searched`, whose first page the counts' pass can read too.
    counts, first_page = list_counts(
        request.user, query=query, status=status, searched=searched, policy=role_policy,
        first_page=0 if filters.active() else LIST_PAGE_SIZE,
    )
    keys = PageKeys(
        residents.values_list("pk", flat=True),
        list_total(request.user, query=query, status=status, filters=filters, counts=counts),
        seek=list_seek(request.user, query=query, status=status, filters=filters),
        first_page=first_page,
    )
    page = Paginator(keys, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = selectors.residents_in_order(
        request.user, list(page.object_list), only=LIST_FIELDS
    )
    # List columns are basic information only (ID number and phone always masked).
    if query:
        record_search(
            actor=request.user,
            residents=shown,
            query=query,
            hits=page.paginator.count,
            field_groups=[FieldGroup.BASIC],
            purpose=ReadPurpose.RESIDENT_SEARCH,
            request=request,
        )
    else:
        record_reads(
            actor=request.user,
            residents=shown,
            field_groups=[FieldGroup.BASIC],
            purpose=ReadPurpose.RESIDENT_LIST,
            request=request,
        )
    rows = _list_rows(shown, policies_for(request.user, shown))
    may_print = request.user.has_perm("residents.add_slip")
    facets = facet_options(filters, counts)
    return render(
        request,
        "residents/resident_list.html",
        {
            "page": page,
            "rows": rows,
            "rows_html": _list_body(rows, selectable=may_print),
            "may_print": may_print,
            "query": query,
            "status": status,
            "statuses": RegistrationStatus.choices,
            "facets": facets,
            "areas": counts["area"],
            "facets_html": _facets_html(facets, counts["area"], filters.data.get("area", "")),
            "may_export": role_policy.may_see_residents,
            "export_filters": clean_filters(request.GET),
        },
    )


def _related_pages(user, resident, policy) -> list[tuple[str, str]]:
    """Links to the resident's other pages that this user may open."""
    pages = []
    if policy.can_see_group(FieldGroup.SERVICE_NEEDS):
        pages.append((reverse("residents:tracking", args=[resident.pk]), _("Tracking")))
    # The same two conditions as the services page itself.
    if policy.can_see_group(FieldGroup.SERVICE_NEEDS) and user.has_perm(
        "residents.view_servicerecord"
    ):
        pages.append((reverse("residents:service_list", args=[resident.pk]), _("Services")))
    can_see_registers = policy.can_see_group(FieldGroup.SENSITIVE) or policy.can_see_group(
        FieldGroup.KEY_PERSON
    )
    if can_see_registers:
        pages.append((reverse("residents:registers", args=[resident.pk]), _("Special registers")))
    if policy.can_see_group(FieldGroup.SENSITIVE) and user.has_perm("residents.view_socialcontact"):
        pages.append(
            (reverse("residents:social_contact_list", args=[resident.pk]), _("Social contacts"))
        )
    return pages


def _duplicate_link(request, existing_pk: int):
    if not selectors.residents_visible_to(request.user).filter(pk=existing_pk).exists():
        return _("A resident with this ID number is already registered.")
    return format_html(
        '{} <a href="{}">{}</a>',
        _("A resident with this ID number is already registered."),
        reverse("residents:detail", args=[existing_pk]),
        _("Open the existing record"),
    )


@permission_required("residents.add_resident", raise_exception=True)
def resident_create(request):
    policy = policy_for(request.user)
    duplicates = []
    if request.method == "POST":
        form = RegistrationForm(
            request.POST, request.FILES, policy=policy, channels=services.STAFF_CHANNELS
        )
        if form.is_valid():
            data = form.registration_data()
            existing = selectors.resident_pk_with_id_number(request.user, data["id_number"])
            # An unverified online declaration of the same number is taken over, not a duplicate.
            pending = services.pending_preregistration(data["id_number"])
            if existing is not None and existing != pending:
                form.add_error("id_number", _duplicate_link(request, existing))
            else:
                duplicates = [] if pending else list(
                    selectors.likely_duplicates(
                        request.user,
                        name=data["name"],
                        birth_date=data.get("birth_date"),
                        phone=data.get("phone", ""),
                    )
                )
                if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
                    messages.warning(
                        request,
                        _("Possible duplicates found. Check them; if this is a different "
                          "person, tick the confirmation box and save again."),
                    )
                else:
                    try:
                        resident = services.registration_create(
                            actor=request.user, data=data, submit="submit" in request.POST,
                            channel=form.chosen_channel(), document_numbers=form.document_numbers(),
                            document_scans=form.document_scans(),
                        )
                    except services.DuplicateIdNumber as refused:
                        form.add_error("id_number", _duplicate_link(request, refused.existing_pk))
                    except ActionRefused as refusal:
                        add_refusal(form, refusal)
                    else:
                        messages.success(
                            request,
                            _("The online pre-registration was taken over and saved.")
                            if pending else _("The registration was saved."),
                        )
                        return redirect("residents:detail", pk=resident.pk)
            if duplicates:
                record_reads(
                    actor=request.user, residents=duplicates,
                    field_groups=[FieldGroup.BASIC], purpose=ReadPurpose.DUPLICATE_CHECK,
                    request=request,
                )
    else:
        # A link from the visits work list opens the form with the home-visit channel set.
        channel = request.GET.get("channel")
        form = RegistrationForm(
            policy=policy, channels=services.STAFF_CHANNELS,
            initial={"channel": channel} if channel in services.STAFF_CHANNELS else None,
        )
    return render(
        request,
        "residents/resident_form.html",
        {
            "form": form,
            "duplicates": _list_rows(duplicates, policies_for(request.user, duplicates)),
            "title": _("Register a resident"),
            "creating": True,
            "printable_forms": FormKind.choices
            if request.user.has_perm(printed_forms.PRINT_PERMISSION) else [],
        },
    )


def resident_detail(request, pk: int):
    resident = selectors.resident_for_user(request.user, pk)
    policy = policy_for(request.user, resident)
    timeline = timeline_for(request.user, resident, policy)
    # The fields and every timeline entry shown are read by this one recorded view (a
    # sensitive case or emergency shown to its handler counts as comprehensive information).
    record_reads(
        actor=request.user,
        residents=[resident],
        field_groups=sorted(set(policy.shown_groups()) | {str(e.group) for e in timeline}),
        purpose=ReadPurpose.RESIDENT_DETAIL,
        request=request,
        extra={"timeline_entries": len(timeline)},
    )
    user = request.user
    slips = list(selectors.slips_for_resident(user, resident, policy=policy))
    may_verify = (
        user.has_perm("residents.verify_resident")
        and resident.status == RegistrationStatus.SUBMITTED
    )
    # Four eyes: whoever entered the registration sees who may verify it instead of the button.
    held = services.verification_refusal(resident, user) if may_verify else None
    return render(
        request,
        "residents/resident_detail.html",
        {
            "resident": resident,
            "rows": display_rows(resident, policy, DETAIL_FIELDS),
            "age_group": AGE_GROUP_LABELS[
                age_group(resident.birth_date, year_only=policy.birth_year_only)
            ],
            "timeline": timeline,
            "slips": slips,
            "openable_scans": {
                slip.pk for slip in slips
                if slip.signed_document_id and policy.can_see_groups(slip.field_groups)
            },
            "can_edit": user.has_perm("residents.change_resident")
            and resident.status in services.EDITABLE_STATUSES,
            "can_verify": may_verify and held is None,
            "verify_held": held.message if held is not None else None,
            # Returning stops a registration and lets nothing through: its clerk may too.
            "can_return": may_verify,
            "can_print": user.has_perm("residents.add_slip")
            and resident.status == RegistrationStatus.VERIFIED,
            "can_sign": user.has_perm("residents.change_slip"),
            "return_form": ReturnForm(),
            "sign_form": SlipSignedForm(),
            "revealable": [
                (field, FIELD_LABELS[field])
                for field in REVEALABLE
                if policy.can_see_masked(field) and getattr(resident, field)
            ]
            if user.has_perm("residents.reveal_masked")
            else [],
            "can_report": user.has_perm("residents.request_access_report"),
            "related": _related_pages(user, resident, policy),
            # Document numbers, scans and household-registration moves are comprehensive
            # information: listed for those who see it (already in this page's read entry).
            "identity_documents": list(resident.identity_documents.all())
            if policy.can_see_group(FieldGroup.SENSITIVE) else [],
            "hukou_moves": list(resident.hukou_moves.all())
            if policy.can_see_group(FieldGroup.SENSITIVE) else None,
            "can_add_hukou_move": user.has_perm("residents.add_hukoumove"),
            "printable_forms": FormKind.choices
            if user.has_perm(printed_forms.PRINT_PERMISSION) else [],
        },
    )


@require_GET
def id_scan(request, pk: int):
    """The scan of one identity document, for those who may see comprehensive information."""
    document = get_object_or_404(ResidentDocument.objects.select_related("scan"), pk=pk)
    # A resident the user may not see answers 404, as on every resident page.
    selectors.resident_for_user(request.user, document.resident_id)
    if document.scan is None:
        raise Http404
    return document_response(request, document.scan, purpose=ReadPurpose.ID_SCAN)


@require_http_methods(["GET", "POST"])
def hukou_move_create(request, pk: int):
    """Record a dated move of the household registration (户籍变动情况)."""
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.add_hukoumove")
    if request.method == "POST":
        form = HukouMoveForm(request.POST)
        if form.is_valid():
            try:
                services.hukou_move_record(actor=request.user, resident=resident,
                                           **form.cleaned_data)
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The household registration move was recorded."))
                return redirect("residents:detail", pk=resident.pk)
    else:
        form = HukouMoveForm()
    return render(
        request, "residents/hukou_move_form.html", {"form": form, "resident": resident}
    )


def resident_edit(request, pk: int):
    # Look the resident up first: one the user may not see answers 404, not 403.
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.change_resident")
    policy = policy_for(request.user, resident)
    if resident.status not in services.EDITABLE_STATUSES:
        raise PermissionDenied
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES, policy=policy, instance=resident)
        if form.is_valid():
            try:
                resident = services.registration_update(
                    registration=resident, actor=request.user, data=form.registration_data(),
                    document_numbers=form.document_numbers(),
                    document_scans=form.document_scans(),
                )
                if "submit" in request.POST:
                    services.registration_submit(registration=resident, actor=request.user)
            except services.DuplicateIdNumber as refused:
                form.add_error("id_number", _duplicate_link(request, refused.existing_pk))
            except ActionRefused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("The registration was saved."))
                return redirect("residents:detail", pk=resident.pk)
    else:
        form = RegistrationForm(policy=policy, instance=resident)
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=ReadPurpose.RESIDENT_EDIT, request=request,
    )
    return render(
        request,
        "residents/resident_form.html",
        {"form": form, "resident": resident, "title": _("Correct the registration")},
    )


def _run_action(request, pk: int, perm: str, action, success_message):
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, perm)
    try:
        done = action(resident)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        # A message may name what the action produced (the archive number of a verification).
        messages.success(
            request, success_message(done) if callable(success_message) else success_message
        )
    return redirect("residents:detail", pk=pk)


@require_POST
def resident_submit(request, pk: int):
    return _run_action(
        request, pk, "residents.change_resident",
        lambda r: services.registration_submit(registration=r, actor=request.user),
        _("The registration was submitted for verification."),
    )


@require_POST
def resident_verify(request, pk: int):
    return _run_action(
        request, pk, "residents.verify_resident",
        lambda r: services.registration_verify(registration=r, actor=request.user),
        lambda verified: _("Verified: archive number %(archive)s assigned.")
        % {"archive": verified.archive_number},
    )


@require_POST
def resident_return(request, pk: int):
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.verify_resident")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what must be corrected."))
        return redirect("residents:detail", pk=resident.pk)
    return _run_action(
        request, pk, "residents.verify_resident",
        lambda r: services.registration_return(
            registration=r, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The registration was returned for correction."),
    )


@require_POST
def slip_print(request, pk: int):
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.add_slip")
    policy = policy_for(request.user, resident)
    form = SlipPrintForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reprint_reason", [])))
        return redirect("residents:detail", pk=pk)
    try:
        slip, pdf = services.slip_print(
            resident=resident, actor=request.user, policy=policy,
            reprint_reason=form.cleaned_data["reprint_reason"],
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("residents:detail", pk=pk)
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=ReadPurpose.REGISTRATION_SLIP, request=request,
        extra={"slip": slip.verification_code},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slip_filename(resident, slip)}"'
    return response


def _form_kind(kind: str) -> str:
    if kind not in FormKind.values:
        raise Http404
    return kind


def _form_response(record, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{printed_forms.form_filename(record)}"'
    )
    return response


@require_POST
def form_blank(request, kind: str):
    """A blank form for the resident to fill in and sign (REG-9)."""
    kind = _form_kind(kind)
    require_perm(request.user, printed_forms.PRINT_PERMISSION)
    record, pdf = printed_forms.form_print(
        kind=kind, actor=request.user, policy=policy_for(request.user)
    )
    return _form_response(record, pdf)


@require_POST
def form_prefilled(request, pk: int, kind: str):
    """The form pre-filled with the resident's record as the printing user may see it."""
    resident = selectors.resident_for_user(request.user, pk)
    kind = _form_kind(kind)
    require_perm(request.user, printed_forms.PRINT_PERMISSION)
    policy = policy_for(request.user, resident)
    record, pdf = printed_forms.form_print(
        kind=kind, actor=request.user, policy=policy, resident=resident
    )
    record_reads(
        actor=request.user, residents=[resident], field_groups=policy.shown_groups(),
        purpose=ReadPurpose.PRINTED_FORM, request=request,
        extra={"form": record.verification_code, "kind": kind},
    )
    return _form_response(record, pdf)


@require_POST
def slip_sign(request, slip_pk: int):
    slip = selectors.slip_for_user(request.user, slip_pk)
    require_perm(request.user, "residents.change_slip")
    form = SlipSignedForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.slip_mark_signed(
                slip=slip, actor=request.user, signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data.get("scan"),
            )
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The slip is recorded as signed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("residents:detail", pk=slip.resident_id)


@require_GET
def slip_scan(request, slip_pk: int):
    slip = selectors.slip_for_user(request.user, slip_pk)
    policy = policy_for(request.user, slip.resident)
    # A scan carries what the printing user saw (a manager's print has the full ID number):
    # it opens only to users who may see every field group the print showed in full.
    if not (
        request.user.has_perm("residents.view_slip")
        and slip.signed_document_id
        and policy.can_see_groups(slip.field_groups)
    ):
        raise PermissionDenied
    # The store checks the bytes against their SHA-256 (a damaged scan is reported, never
    # served) and records the read.
    response = document_response(
        request, slip.signed_document, purpose=ReadPurpose.SIGNED_SLIP_SCAN
    )
    if response.status_code == 200:
        response["Content-Disposition"] = (
            f'attachment; filename="signed-{slip.verification_code}.'
            f'{slip.signed_document.extension}"'
        )
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_public_submissions("preregister")
def preregister(request):
    """Public self-declaration (REG-6): shows nothing of any existing resident."""
    if request.method == "POST":
        form = PreRegistrationForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            consent = data.pop("consent")
            services.preregistration_submit(data=data, consent=consent)
            return redirect("preregister_done")
    else:
        form = PreRegistrationForm()
    return render(request, "residents/preregister.html", {"form": form})


@login_not_required
@require_GET
def preregister_done(request):
    return render(request, "residents/preregister_done.html")


@login_not_required
@require_GET
@never_cache
@limit_public_submissions("verify", methods=("GET",))
def verify_lookup(request):
    """The public verification page's form: a typed code is looked up like a scanned one."""
    code = normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("verify", code=code[:40])
    return render(request, "residents/verify.html", {"asked": False})


@login_not_required
@require_GET
@never_cache
@limit_public_submissions("verify", methods=("GET",))
def verify(request, code: str):
    """Is a printed document genuine (REG-11)? Its kind, number, date and masked name; nothing
    else. Every answer has the same shape, and a wrong code says only that it is unknown."""
    found = verified_print(code)
    return render(
        request, "residents/verify.html",
        {"asked": True, "code": normalise_code(code)[:40], "found": found},
    )


@require_POST
@never_cache
def resident_reveal(request, pk: int):
    """Show one masked value in full for a stated reason; audited as its own event."""
    resident = selectors.resident_for_user(request.user, pk)
    require_perm(request.user, "residents.reveal_masked")
    policy = policy_for(request.user, resident)
    form = RevealForm(request.POST)
    if not form.is_valid() or not policy.can_see_masked(form.cleaned_data["field"]):
        messages.error(request, _("Give a reason of at least four characters to reveal a value."))
        return redirect("residents:detail", pk=pk)
    field = form.cleaned_data["field"]
    record_reads(
        actor=request.user,
        residents=[resident],
        field_groups=[FieldGroup.SENSITIVE],
        purpose=ReadPurpose.REVEAL,
        request=request,
        event=Event.REVEAL,
        extra={"field": field, "reason": form.cleaned_data["reason"]},
    )
    response = render(
        request,
        "residents/reveal.html",
        {
            "resident": resident,
            "label": FIELD_LABELS[field],
            "value": getattr(resident, field),
            "reason": form.cleaned_data["reason"],
        },
    )
    response["Cache-Control"] = "no-store"
    return response
