"""The working-day calendar page (AFF-4): list a year's special days; managers add and delete.

Thin like residents/people/views.py: check access, validate, call one service in
casework/workdays/services.py, say what happened, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.models import CalendarDay
from casework.workdays import services as calendar_services
from casework.workdays.forms import CalendarDayForm
from residents.common.errors import ActionRefused
from residents.common.forms import add_refusal
from residents.common.permissions import require_perm

VIEW_PERMISSION = "casework.view_calendarday"
ADD_PERMISSION = "casework.add_calendarday"
DELETE_PERMISSION = "casework.delete_calendarday"
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _year_url(year: int) -> str:
    return f"{reverse('casework:calendar')}?year={year}"


def _page(request, *, year: int, form=None):
    user = request.user
    can_add = user.has_perm(ADD_PERMISSION)
    days = CalendarDay.objects.filter(date__year=year).select_related("recorded_by")
    return render(
        request,
        "casework/calendar.html",
        {
            "year": year,
            "previous_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "days": days,
            "holiday_count": sum(not day.is_working_day for day in days),
            "can_add": can_add,
            "can_delete": user.has_perm(DELETE_PERMISSION),
            "form": form if form is not None else (CalendarDayForm() if can_add else None),
        },
    )


@require_GET
def calendar(request):
    require_perm(request.user, VIEW_PERMISSION)
    return _page(request, year=_year(request.GET.get("year")))


@require_POST
def calendar_add(request):
    require_perm(request.user, ADD_PERMISSION)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        arguments = form.service_arguments()
        try:
            day = calendar_services.calendar_day_add(**arguments, actor=request.user)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        except ActionRefused as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                _("%(date)s (%(name)s) was added to the calendar.")
                % {"date": formats.date_format(day.date, "Y-m-d"), "name": day.name},
            )
            return redirect(_year_url(day.date.year))
        year = arguments["date"].year
    else:
        date = form.cleaned_data.get("date")
        year = date.year if date else _year(request.POST.get("year"))
    return _page(request, year=year, form=form)


@require_POST
def calendar_delete(request, day_pk: int):
    require_perm(request.user, DELETE_PERMISSION)
    day = get_object_or_404(CalendarDay, pk=day_pk)
    date, name = day.date, day.name
    calendar_services.calendar_day_delete(day=day, actor=request.user)
    messages.success(
        request,
        _("%(date)s (%(name)s) was removed from the calendar.")
        % {"date": formats.date_format(date, "Y-m-d"), "name": name},
    )
    return redirect(_year_url(date.year))
