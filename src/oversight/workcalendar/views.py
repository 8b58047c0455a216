"""The working calendar page: a year's announced exceptions and public holidays; administrators
add and delete exceptions (which recomputes the deadlines they move, in the background)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversight.core import calendar
from oversight.core.errors import RuleError
from oversight.core.views import apply_rule_error
from oversight.workcalendar import actions
from oversight.workcalendar.forms import WorkingDayForm, YearForm
from oversight.workcalendar.models import WorkingDay


def _year(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return timezone.localdate().year


@login_required
def calendar_page(request):
    year = _year(request)
    form = WorkingDayForm(request.POST or None, initial={"date": dt.date(year, 1, 1)})
    if request.method == "POST":
        actions.check_may_edit(request.user)
        if form.is_valid():
            try:
                row, job = actions.add_day(by=request.user, **form.cleaned_data)
            except RuleError as error:
                apply_rule_error(form, error)
            else:
                messages.success(request, _(
                    "Saved. The open deadlines it moves are being recomputed (job #%(job)s).")
                    % {"job": job.pk})
                return redirect(f"{reverse('calendar')}?year={row.date.year}")
    rows = WorkingDay.objects.filter(date__year=year).order_by("date")
    public = calendar.public_holidays(year, get_language())
    return render(request, "workcalendar/calendar.html", {
        "year": year, "rows": rows, "public_holidays": public, "form": form,
        "may_edit": actions.may_edit(request.user),
        "years": range(year - 2, year + 3),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def calendar_delete(request, day: str):
    actions.check_may_edit(request.user)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    try:
        job = actions.remove_day(by=request.user, date=date)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _(
            "Deleted. The open deadlines it had moved are being recomputed (job #%(job)s).")
            % {"job": job.pk})
    return redirect(f"{reverse('calendar')}?year={date.year}")
