"""Pages of windows and duties (AFF-3, AFF-7): managers keep the business departments, the
review duties and the service windows; a manager reassigns a case's handler from the case
page. Thin: check access, validate, call one service, redirect; a refusal shows next to its
field with nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.cases import selectors
from casework.cases.pages import case_page
from casework.duties import services
from casework.duties.forms import DepartmentForm, ReassignForm, ReviewDutyForm, WindowForm
from casework.models import Department, ReviewDuty, ServiceWindow
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

VIEW = "casework.view_department"


@require_GET
def duties_overview(request):
    require_perm(request.user, VIEW)
    return _overview(request, ReviewDutyForm())


def _overview(request, duty_form, status: int = 200):
    return render(
        request, "casework/duties/overview.html",
        {
            "departments": Department.objects.prefetch_related("members", "items"),
            "windows": ServiceWindow.objects.prefetch_related("staff", "items"),
            "duties": ReviewDuty.objects.select_related("user", "granted_by"),
            "duty_form": duty_form,
            "can_grant": request.user.has_perm("casework.add_reviewduty"),
            "can_revoke": request.user.has_perm("casework.delete_reviewduty"),
        },
        status=status,
    )


def _edit(request, *, form_class, model, pk, add_perm, change_perm, service, kwarg, title):
    obj = get_object_or_404(model, pk=pk) if pk is not None else None
    require_perm(request.user, change_perm if obj else add_perm)
    initial = {}
    if obj is not None:
        initial = {"name": obj.name, "is_active": obj.is_active}
        for field in ("members", "items", "staff"):
            if hasattr(obj, field):
                initial[field] = list(getattr(obj, field).values_list("pk", flat=True))
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service(**form.cleaned_data, actor=request.user, **{kwarg: obj})
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
            return redirect("casework:duties_overview")
    return render(
        request, "casework/duties/form.html", {"form": form, "obj": obj, "title": title}
    )


@require_http_methods(["GET", "POST"])
def department_edit(request, pk: int | None = None):
    return _edit(
        request, form_class=DepartmentForm, model=Department, pk=pk,
        add_perm="casework.add_department", change_perm="casework.change_department",
        service=services.department_save, kwarg="department",
        title=_("Business department"),
    )


@require_http_methods(["GET", "POST"])
def window_edit(request, pk: int | None = None):
    return _edit(
        request, form_class=WindowForm, model=ServiceWindow, pk=pk,
        add_perm="casework.add_servicewindow", change_perm="casework.change_servicewindow",
        service=services.window_save, kwarg="window", title=_("Service window"),
    )


@require_POST
def duty_grant(request):
    require_perm(request.user, "casework.add_reviewduty")
    form = ReviewDutyForm(request.POST)
    if form.is_valid():
        try:
            services.review_duty_grant(**form.cleaned_data, actor=request.user)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The review duty was given."))
            return redirect("casework:duties_overview")
    return _overview(request, form, status=200)


@require_POST
def duty_revoke(request, pk: int):
    require_perm(request.user, "casework.delete_reviewduty")
    grant = get_object_or_404(ReviewDuty, pk=pk)
    services.review_duty_revoke(grant=grant, actor=request.user)
    messages.success(request, _("The review duty was withdrawn."))
    return redirect("casework:duties_overview")


@require_POST
def case_reassign(request, pk: int):
    case, policy = selectors.case_for_action(request.user, pk)
    require_perm(request.user, "casework.assign_case")
    form = ReassignForm(request.POST, prefix="reassign")
    if form.is_valid():
        try:
            services.case_reassign(case=case, actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request, _("Case %(number)s has a new handler.") % {"number": case.number}
            )
            return redirect("casework:case_detail", pk=case.pk)
    return case_page(request, case, policy, failed={"reassign": form})
