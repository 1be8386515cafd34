"""The report page's content, shared by the report views and the review views: the report
as its category asks, the residents it names (their basic information only, ACC-2), its
submissions and reviews, and the forms the user may use."""

from __future__ import annotations

from reporters.handling.presentation import handling_context
from reporters.models import Report, ReportStatus
from reporters.profiles.services import may_file
from reporters.purposes import ReporterPurpose
from reporters.reports import hooks as report_hooks
from reporters.reports import selectors
from reporters.reports.forms import AttachForm, LinkForm
from reporters.reports.rules import CATEGORY_FIELDS, TEMPLATE_FIELDS
from reporters.review.forms import EvaluationForm, HandleForm, ReviewForm
from reporters.review.services import REVIEW_ANY, review_refusal
from residents.access.fields import FieldGroup
from residents.audit.log import record_reads

# What a report shows of the residents it names: their basic information, nothing else
# (ACC-2); the report page is the only place a reporter sees it.
NAMED_FIELDS = ("name", "gender", "address", "archive_number")
NAMED_GROUPS = [FieldGroup.BASIC.value]


def _rows(report: Report, fields) -> list[tuple[str, object]]:
    rows = []
    for field in fields:
        model_field = Report._meta.get_field(field)
        if model_field.choices:
            value = getattr(report, f"get_{field}_display")()
        else:
            value = getattr(report, field)
        rows.append((model_field.verbose_name, value))
    return rows




def detail_context(request, report: Report, **forms) -> dict:
    user = request.user
    links = selectors.named_residents(report)
    if links:
        record_reads(
            actor=user, residents=[link.resident for link in links], field_groups=NAMED_GROUPS,
            purpose=ReporterPurpose.REPORT_DETAIL, request=request,
            extra={"report": report.number},
        )
    is_author = report.author_id == user.pk
    editable = is_author and report.status in (ReportStatus.DRAFT, ReportStatus.REJECTED)
    refusal = review_refusal(report, user)
    context = {
        "report": report,
        "template_rows": _rows(report, TEMPLATE_FIELDS),
        "category_rows": _rows(report, CATEGORY_FIELDS.get(report.category, ())),
        "named": [
            {"name": link.resident.name, "gender": link.resident.get_gender_display(),
             "address": link.resident.address, "archive_number": link.resident.archive_number}
            for link in links
        ],
        "submissions": list(report.submissions.all()),
        "reviews": list(report.reviews.select_related("reviewer")),
        "is_author": is_author,
        "editable": editable,
        "file_refusal": may_file(user) if editable else None,
        "may_review": refusal is None,
        "review_refusal": refusal if report.status == ReportStatus.SUBMITTED else None,
        "may_handle": user.has_perm(REVIEW_ANY) and report.status == ReportStatus.APPROVED,
    }
    context["attachments"] = list(report.attachments.select_related("document"))
    if editable:
        context["link_form"] = forms.get("link_form") or LinkForm(prefix="link")
        context["attach_form"] = forms.get("attach_form") or AttachForm(prefix="attach")
    if context["may_review"]:
        context["review_form"] = forms.get("review_form") or ReviewForm(prefix="review")
    context["evaluations"] = list(report.evaluations.select_related("recorded_by"))
    context["may_evaluate"] = report.status == ReportStatus.HANDLED and (
        is_author or user.has_perm(REVIEW_ANY)
    )
    if context["may_evaluate"]:
        context["evaluate_form"] = forms.get("evaluate_form") or EvaluationForm(prefix="evaluate")
    # What handling opened (REP-6): the case or emergency, or the form to open one.
    context.update(handling_context(request, report, forms.get("case_form")))
    # Sections other apps add (e.g. where the archives filed the closed report).
    context["report_extras"] = report_hooks.report_page_extras(request, report)
    if context["may_handle"]:
        context["handle_form"] = forms.get("handle_form") or HandleForm(prefix="handle")
    return context
