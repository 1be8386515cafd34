"""Pages of the external disclosure requests: asking, deciding, and the package of an
approved request (the only way report information is printed for anyone outside)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.disclosure import selectors, services
from reporters.disclosure.forms import DecisionForm, DisclosureForm
from reporters.models import DisclosureStatus
from reporters.pages import pdf_download
from reporters.reports.selectors import reports_for
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm


def disclosure_list(request):
    if not selectors.may_see(request.user):
        raise PermissionDenied
    return render(request, "reporters/disclosure_list.html",
                  {"disclosures": selectors.disclosures_for(request.user)[:200]})


@require_http_methods(["GET", "POST"])
def disclosure_new(request):
    require_perm(request.user, services.REQUEST)
    form = DisclosureForm(request.POST if request.method == "POST" else None,
                          reports=reports_for(request.user))
    if form.is_bound and form.is_valid():
        try:
            disclosure = services.disclosure_request(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The request is made; another manager decides on it."))
            return redirect("reporters:disclosure_detail", pk=disclosure.pk)
    return render(request, "reporters/disclosure_new.html", {"form": form})


def _page(request, disclosure, form=None):
    user = request.user
    may_decide = (
        disclosure.status == DisclosureStatus.REQUESTED and user.has_perm(services.APPROVE)
        and disclosure.requested_by_id != user.pk
    )
    return render(request, "reporters/disclosure_detail.html", {
        "disclosure": disclosure, "reports": disclosure.reports.order_by("number"),
        "form": (form or DecisionForm()) if may_decide else None,
        "four_eyes": disclosure.status == DisclosureStatus.REQUESTED
        and disclosure.requested_by_id == user.pk,
        "may_release": disclosure.status == DisclosureStatus.APPROVED
        and user.has_perm(services.REQUEST),
    })


def disclosure_detail(request, pk: int):
    return _page(request, selectors.disclosure_for_user(request.user, pk))


@require_POST
def disclosure_decide(request, pk: int):
    disclosure = selectors.disclosure_for_user(request.user, pk)
    require_perm(request.user, services.APPROVE)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.disclosure_decide(
                actor=request.user, disclosure=disclosure,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return redirect("reporters:disclosure_detail", pk=disclosure.pk)
            add_refusal(form, refused)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("reporters:disclosure_detail", pk=disclosure.pk)
    return _page(request, disclosure, form)


@require_POST
def disclosure_package(request, pk: int):
    disclosure = selectors.disclosure_for_user(request.user, pk)
    require_perm(request.user, services.REQUEST)
    try:
        reports = services.disclosure_release(
            actor=request.user, disclosure=disclosure, request=request
        )
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("reporters:disclosure_detail", pk=disclosure.pk)
    disclosure.refresh_from_db()
    pdf = render_pdf(template="reporters/pdf/disclosure.html",
                     context={"disclosure": disclosure, "reports": reports})
    return pdf_download(pdf, f"disclosure-{disclosure.pk}.pdf")
