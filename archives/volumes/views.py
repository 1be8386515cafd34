"""The catalogue (档案目录), its index and volumes (ARC-6)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archives.models import ArchiveCategory, ContentClass, Retention, Volume
from archives.purposes import ArchivePurpose
from archives.volumes import services
from archives.volumes.forms import CatalogueFilterForm, PlaceForm, RetentionForm, VolumeForm
from archives.volumes.selectors import catalogue, index_names, index_rows
from residents.audit.log import record_reads
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal, plain_form_html
from residents.common.pdf import render_pdf
from residents.common.permissions import require_perm
from residents.common.urls import url_for_each

CATALOGUE_PAGE_SIZE = 50


def _filtered(request):
    form = CatalogueFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, catalogue(request.user, filters=filters)


def _volume_rows(volumes) -> str:
    """The catalogue's rows as HTML, built here rather than by the template engine, which spent
    about as long on fifty rows of seven cells as on the rest of the page. The markup is the one
    the template wrote; every value is escaped."""
    detail = url_for_each("archives:volume_detail")
    labels = {
        "category": {value: escape(label) for value, label in ArchiveCategory.choices},
        "content_class": {value: escape(label) for value, label in ContentClass.choices},
        "retention": {value: escape(label) for value, label in Retention.choices},
    }
    destroyed = escape(_("Destroyed"))
    rows = []
    for volume in volumes:
        cells = [
            f'<a href="{detail(volume.pk)}">'
            f"{escape(volume.number)}</a>",
            escape(volume.title),
            *(
                labels[field].get(getattr(volume, field), escape(getattr(volume, field)))
                for field in ("category", "content_class")
            ),
            escape(volume.year),
            labels["retention"].get(volume.retention, escape(volume.retention)),
            f"{escape(volume.room)} {escape(volume.cabinet)} {escape(volume.box)}"
            + (f" · {destroyed}" if volume.destroyed_at else ""),
        ]
        rows.append("<tr>\n" + "".join(f"<td>{cell}</td>" for cell in cells) + "\n</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value went through escape


def volume_list(request):
    require_perm(request.user, "archives.view_volume")
    form, volumes = _filtered(request)
    retentions = services.retentions()
    page = Paginator(volumes, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "archives/volume_list.html", {
        "form": form,
        "search_form": plain_form_html(form),
        "page": page,
        "rows_html": _volume_rows(page),
        "retentions": [(label, Retention(retentions[value]).label)
                       for value, label in ContentClass.choices],
        "query": request.GET.urlencode(),
    })


def volume_create(request):
    require_perm(request.user, "archives.add_volume")
    form = VolumeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        volume = services.volume_open(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Volume %(number)s opened.") % {"number": volume.number})
        return redirect("archives:volume_detail", pk=volume.pk)
    return render(request, "archives/volume_form.html", {"form": form})


def volume_detail(request, pk: int):
    require_perm(request.user, "archives.view_volume")
    volume = get_object_or_404(Volume, pk=pk)
    form = PlaceForm(request.POST or None, initial={
        "room": volume.room, "cabinet": volume.cabinet, "box": volume.box,
        "binding": volume.binding,
    })
    if request.method == "POST":
        require_perm(request.user, "archives.change_volume")
        if form.is_valid():
            try:
                services.volume_update(actor=request.user, volume=volume, data=form.cleaned_data)
            except ActionRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(request, _("Saved."))
                return redirect("archives:volume_detail", pk=volume.pk)
    return render(request, "archives/volume_detail.html", {
        "volume": volume, "items": index_rows([volume]), "form": form,
        "can_change": request.user.has_perm("archives.change_volume"),
    })


def retention_settings(request):
    require_perm(request.user, "archives.change_classretention")
    form = RetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.retention_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("archives:volume_list")
    return render(request, "archives/retention_form.html", {"form": form})


def _pdf(name: str, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def catalogue_pdf(request):
    require_perm(request.user, "archives.view_volume")
    _form, volumes = _filtered(request)
    pdf = render_pdf(template="archives/pdf/catalogue.html", context={
        "volumes": list(volumes), "printed_at": timezone.localtime(),
    })
    return _pdf("catalogue", pdf)


def index_pdf(request):
    require_perm(request.user, "archives.view_volume")
    form, volumes = _filtered(request)
    name = form.cleaned_data.get("name", "") if form.is_valid() else ""
    items = index_rows(volumes, user=request.user, name=name)
    names = index_names(request.user, items)
    residents = [item.resident for item in items if item.resident is not None]
    if residents:
        record_reads(
            actor=request.user, residents=list({r.pk: r for r in residents}.values()),
            field_groups=["basic"], purpose=ArchivePurpose.VOLUME_INDEX, request=request,
        )
    pdf = render_pdf(template="archives/pdf/index.html", context={
        "items": [(item, names.get(item.resident_id, "")) for item in items],
        "printed_at": timezone.localtime(),
    })
    return _pdf("index", pdf)
