"""The whistle-blowing channel (SUP-7): a public form, and the pages of the supervision group
and auditors who receive and handle the reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.models import WhistleblowingReport
from casework.whistleblowing import services
from casework.whistleblowing.forms import (
    OnlineWhistleblowingForm,
    WhistleblowingRegisterForm,
    WhistleblowingStepForm,
)
from residents.common.errors import ActionRefused
from residents.common.forms import HONEYPOT_FIELD, add_refusal
from residents.common.permissions import require_perm
from residents.common.ratelimit import limit_public_submissions

SESSION_NUMBER = "whistleblowing_number"
PAGE_SIZE = 30
VIEW = "casework.view_whistleblowingreport"


def _arguments(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("about", "content", "name", "contact", "consent")}


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_public_submissions("whistleblowing")
def whistleblowing_new(request):
    form = OnlineWhistleblowingForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            request.session.pop(SESSION_NUMBER, None)
            return redirect("public:whistleblowing_done")
        if form.is_valid():
            try:
                report = services.whistleblowing_submit_online(**_arguments(form))
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                request.session[SESSION_NUMBER] = report.number
                return redirect("public:whistleblowing_done")
    return render(request, "casework/whistleblowing/online_form.html", {"form": form})


@login_not_required
@require_GET
def whistleblowing_done(request):
    return render(request, "casework/whistleblowing/online_done.html",
                  {"number": request.session.get(SESSION_NUMBER, "")})


@require_GET
def whistleblowing_list(request):
    require_perm(request.user, VIEW)
    status = request.GET.get("status", "")
    reports = WhistleblowingReport.objects.all()
    if status in services.S.values:
        reports = reports.filter(status=status)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/whistleblowing/list.html", {
        "page": page, "status": status, "statuses": services.S.choices,
        "may_add": request.user.has_perm("casework.add_whistleblowingreport"),
    })


@require_http_methods(["GET", "POST"])
def whistleblowing_register(request):
    require_perm(request.user, "casework.add_whistleblowingreport")
    form = WhistleblowingRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.whistleblowing_register(
                actor=request.user, channel=form.cleaned_data["channel"], **_arguments(form)
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Registered: %(number)s") % {"number": report.number})
            return redirect("casework:whistleblowing_detail", pk=report.pk)
    return render(request, "casework/whistleblowing/register.html", {"form": form})


def _detail(request, report, form=None, status=200):
    may_handle = request.user.has_perm(services.HANDLE)
    return render(request, "casework/whistleblowing/detail.html", {
        "report": report,
        "steps": [(step, services.ACTION_LABELS.get(step.action, step.action))
                  for step in report.steps.select_related("actor")],
        "actions": [(a, services.ACTION_LABELS[a]) for a in services.steps_open(report)]
        if may_handle else [],
        "form": form or WhistleblowingStepForm(),
    }, status=status)


@require_GET
def whistleblowing_detail(request, pk: int):
    require_perm(request.user, VIEW)
    return _detail(request, get_object_or_404(WhistleblowingReport, pk=pk))


@require_POST
def whistleblowing_step(request, pk: int):
    require_perm(request.user, services.HANDLE)
    report = get_object_or_404(WhistleblowingReport, pk=pk)
    form = WhistleblowingStepForm(request.POST)
    if form.is_valid():
        try:
            services.whistleblowing_step(actor=request.user, report=report,
                                         action=request.POST.get("action", ""),
                                         note=form.cleaned_data["note"])
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Step recorded: %(number)s") % {"number": report.number})
            return redirect("casework:whistleblowing_detail", pk=report.pk)
    report.refresh_from_db()
    return _detail(request, report, form=form)
