"""Policies and regulations (PUB-1): the public list, each policy with its text or PDF, the
list as a bulletin-board notice; managers add, edit and withdraw them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.board.notices import Notice, notice_response
from casework.models import Policy
from casework.policies import services
from casework.policies.forms import PolicyForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm
from residents.documents.responses import document_response

PAGE_SIZE = 30
PUBLIC_PURPOSE = "public_policy"


@login_not_required
@require_GET
def public_list(request):
    page = Paginator(Policy.objects.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/policies/public_list.html", {"page": page})


@login_not_required
@require_GET
def public_detail(request, pk: int):
    policy = get_object_or_404(Policy.objects.published(), pk=pk)
    return render(request, "casework/policies/public_detail.html", {"policy": policy})


@login_not_required
@require_GET
def public_document(request, pk: int):
    policy = get_object_or_404(Policy.objects.published().select_related("document"), pk=pk)
    if policy.document is None:
        raise Http404
    return document_response(request, policy.document, purpose=PUBLIC_PURPOSE)


@login_not_required
@require_GET
def public_notice(request):
    """The policies in force as an A4 notice for the bulletin board."""
    return notice_response(Notice(
        title=_("Notice: policies and regulations"),
        subtitle=_("Policies and regulations in force"),
        columns=[_("Title"), _("Issued by"), _("Issued on")],
        rows=[[p.title, p.issuer, p.issued_on.isoformat()]
              for p in Policy.objects.published()],
        empty=_("No policy is published."), filename="policies-notice",
    ))


@require_GET
def manage(request):
    require_perm(request.user, "casework.view_policy")
    page = Paginator(Policy.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/policies/manage.html", {
        "page": page, "may_add": request.user.has_perm("casework.add_policy"),
        "may_change": request.user.has_perm("casework.change_policy"),
    })


def _arguments(form) -> dict:
    data = form.cleaned_data
    return {"title": data["title"], "issuer": data["issuer"], "issued_on": data["issued_on"],
            "text": data["text"], "pdf": data["pdf"]}


@require_http_methods(["GET", "POST"])
def create(request):
    require_perm(request.user, "casework.add_policy")
    form = PolicyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_add(actor=request.user, **_arguments(form))
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Policy published: %(title)s") % {"title": policy})
            return redirect("casework:policy_manage")
    return render(request, "casework/policies/form.html", {"form": form, "policy": None})


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    require_perm(request.user, "casework.change_policy")
    policy = get_object_or_404(Policy, pk=pk)
    form = PolicyForm(request.POST or None, request.FILES or None, initial={
        "title": policy.title, "issuer": policy.issuer, "issued_on": policy.issued_on,
        "text": policy.text,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_edit(actor=request.user, policy=policy,
                                 remove_pdf=form.cleaned_data["remove_pdf"], **_arguments(form))
        except ActionRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Policy saved: %(title)s") % {"title": policy})
            return redirect("casework:policy_manage")
    return render(request, "casework/policies/form.html", {"form": form, "policy": policy})


@require_POST
def withdraw(request, pk: int):
    require_perm(request.user, "casework.change_policy")
    policy = get_object_or_404(Policy, pk=pk)
    try:
        services.policy_withdraw(actor=request.user, policy=policy)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Policy withdrawn from the public page: %(title)s")
                         % {"title": policy})
    return redirect("casework:policy_manage")
