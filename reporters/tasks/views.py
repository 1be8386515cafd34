"""Pages of the reporters' tasks: the list, assigning a task, and the task page where the
reporter names the reports answering it and completes it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reporters.profiles.selectors import is_reporter_staff
from reporters.tasks import selectors, services
from reporters.tasks.forms import AnswerForm, CompleteForm, TaskForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

MANAGE = "reporters.manage_reporters"


def task_list(request):
    user = request.user
    if not (user.has_perm("reporters.file_report") or is_reporter_staff(user)):
        raise PermissionDenied
    tasks = selectors.tasks_for(user)
    which = request.GET.get("which", "")
    if which == "open":
        tasks = tasks.filter(completed_at__isnull=True)
    elif which == "overdue":
        tasks = tasks.filter(completed_at__isnull=True, due_on__lt=timezone.localdate())
    return render(request, "reporters/task_list.html", {
        "tasks": tasks[:200], "which": which, "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def task_new(request):
    require_perm(request.user, MANAGE)
    form = TaskForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            task = services.task_assign(actor=request.user, **form.cleaned_data)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("The task is assigned."))
            return redirect("reporters:task_detail", pk=task.pk)
    return render(request, "reporters/task_new.html", {"form": form})


def _page(request, task, **forms):
    own_open = task.reporter_id == request.user.pk and task.completed_at is None
    context = {
        "task": task, "answers": task.answers.select_related("report"),
        "overdue": task.is_overdue(), "own_open": own_open,
    }
    if own_open:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(user=request.user)
        context["complete_form"] = forms.get("complete_form") or CompleteForm()
    return render(request, "reporters/task_detail.html", context)


def task_detail(request, pk: int):
    return _page(request, selectors.task_for_user(request.user, pk))


def _act(request, task, form, key, call, success):
    if form.is_valid():
        try:
            call(**form.cleaned_data)
        except ActionRefused as refused:
            if refused.field is None:
                messages.error(request, refused.message)
                return redirect("reporters:task_detail", pk=task.pk)
            add_refusal(form, refused)
        else:
            messages.success(request, success)
            return redirect("reporters:task_detail", pk=task.pk)
    return _page(request, task, **{key: form})


@require_POST
def task_answer(request, pk: int):
    task = selectors.task_for_user(request.user, pk)
    require_perm(request.user, "reporters.file_report")
    return _act(
        request, task, AnswerForm(request.POST, user=request.user), "answer_form",
        lambda report: services.task_answer(actor=request.user, task=task, report=report),
        _("The report is marked as answering the task."),
    )


@require_POST
def task_complete(request, pk: int):
    task = selectors.task_for_user(request.user, pk)
    require_perm(request.user, "reporters.file_report")
    return _act(
        request, task, CompleteForm(request.POST), "complete_form",
        lambda note: services.task_complete(actor=request.user, task=task, note=note),
        _("The task is completed."),
    )
