"""The reports dashboard: indicators for a chosen place and period, charts, click-through."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.core.views import unit_filter_options
from oversight.matters.choices import Stage
from oversight.matters.models import Matter
from oversight.reports import service
from oversight.reports.access import place_allowed
from oversight.reports.catalogue import counted_by
from oversight.reports.documents import content, sentences
from oversight.reports.forms import PeriodForm, initial_from_code
from oversight.reports.indicators import CATALOGUE, RATIO, SUM
from oversight.reports.periods import CALENDARS, PeriodError, parse
from oversight.reports.places import PlaceError, resolve
from oversight.units.models import Cluster

# Lazy: the headings are translated per request (a module-level gettext froze them in the
# language of the first import).
SECTIONS = [
    ("matters", gettext_lazy("Matters under monitoring")),
    ("criminal", gettext_lazy("Criminal handling")),
    ("recovery", gettext_lazy("Asset recovery and judgment enforcement")),
    ("petitions", gettext_lazy("Petitions and receptions")),
    ("directions", gettext_lazy("Directions")),
    ("committee", gettext_lazy("Committee work")),
]


def _choose(request):
    """Place and period from the query string, defaulting to the user's unit and this year.

    The period comes from the picker (`forms.PeriodForm`), or from a period code (`?period=`,
    as in links and exports), which fills the picker."""
    user = request.user
    params = request.GET
    errors = {}
    place_key = params.get("place") or (
        f"unit:{user.unit.code}" if user.unit_id else "national:national")
    kind, _sep, key = place_key.partition(":")
    try:
        place = resolve(unit=key if kind == "unit" else None,
                        cluster=key if kind == "cluster" else None,
                        scope=key if kind == "national" else None)
    except PlaceError as error:
        errors["place"] = str(error)
        place = None
    if place is not None and not place_allowed(user, place):
        raise PermissionDenied
    from django.utils import timezone

    calendar = params.get("calendar") or "calendar"
    if "period_type" in params:
        form = PeriodForm(params)
    else:
        code = params.get("period") or str(timezone.localdate().year)
        try:
            parse(code, calendar if calendar in CALENDARS else "calendar")
        except PeriodError as error:
            errors["period"] = str(error)
            code = str(timezone.localdate().year)
        form = PeriodForm(initial_from_code(code, calendar))
    period, period_code = None, ""
    if not form.is_valid():
        errors.setdefault("period", " ".join(e for errs in form.errors.values() for e in errs))
    elif "period" not in errors:  # a bad code shows its message, not another period
        period, period_code = form.cleaned_data["period"], form.cleaned_data["code"]
        calendar = form.cleaned_data["calendar"]
    if "period" in errors:
        form.fields["period_type"].widget.attrs["aria-describedby"] = "period-errors"
    return place_key, place, period_code, calendar, period, errors, form


def _place_choices(user):
    # today's units first, then those merged away in 2025 ("Quảng Bình → Quảng Trị"), each
    # in Vietnamese alphabetical order (units.pickers)
    choices = [(f"unit:{code}", text) for _title, options in
               unit_filter_options(user) for code, text in options]
    if unit_ids_in_scope(user, VIEW) is None:
        choices = [("national:national", _("Nationwide"))] + [
            (f"cluster:{c.code}", c.name) for c in Cluster.objects.all()] + choices
    return choices


def _monthly(place, period):
    """Matters put under monitoring per month, this period and the year before."""
    def series(start, end):
        qs = Matter.objects.filter(monitored_from__gte=start, monitored_from__lte=end)
        if place.unit_ids is not None:
            qs = qs.filter(responsible_unit__in=place.unit_ids)
        rows = qs.annotate(m=TruncMonth("monitored_from")).values("m").annotate(n=Count("id"))
        return {(r["m"].year, r["m"].month): r["n"] for r in rows}

    previous = period.previous_year()
    now, before = series(period.start, period.end), series(previous.start, previous.end)
    months, current, last = [], [], []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month) and len(months) < 120:
        months.append(f"{month:02d}/{year}")
        current.append(now.get((year, month), 0))
        last.append(before.get((year - 1, month), 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {"months": months, "current": current, "previous": last}


def _stages(place, period):
    """Matters under monitoring by the period's end, by the stage they were in then."""
    qs = Matter.objects.filter(monitored_from__lte=period.end)
    if place.unit_ids is not None:
        qs = qs.filter(responsible_unit__in=place.unit_ids)
    counts = dict(qs.with_stage_at(period.end).values_list("stage_at_end")
                  .annotate(n=Count("id")).order_by())
    return [{"name": str(label), "value": counts.get(value, 0), "stage": value}
            for value, label in Stage.choices]


@login_required
def dashboard(request):
    place_key, place, period_code, calendar, period, errors, form = _choose(request)
    context = {"place_key": place_key, "period_code": period_code, "calendar": calendar,
               "calendars": CALENDARS, "place_choices": _place_choices(request.user),
               "errors": errors, "sections": SECTIONS, "period_form": form}
    if place and period:
        report = service.build(place, period, with_parts=place.kind != "unit")
        rows = []
        for section, _label in SECTIONS:
            for row in content.rows_of(report, section):
                indicator = CATALOGUE[row.code]
                rows.append({"indicator": indicator, "row": row, "section": section,
                             "figure": report["indicators"][row.code],
                             "counted_by": counted_by(indicator),
                             "clickable": indicator.measure != RATIO})
        charts = {
            "monthly": _monthly(place, period),
            "stages": _stages(place, period),
        }
        if report.get("parts"):
            ranking = sorted(
                ((p["name"], p["indicators"]["matters_put_under_monitoring"]["value"],
                  p["indicators"]["directions_overdue"]["value"]) for p in report["parts"]),
                key=lambda r: -r[1])
            charts["ranking"] = {"names": [r[0] for r in ranking][::-1],
                                 "values": [r[1] for r in ranking][::-1]}
            overdue = [r for r in sorted(ranking, key=lambda r: -r[2]) if r[2]]
            charts["overdue"] = {"names": [r[0] for r in overdue][::-1],
                                 "values": [r[2] for r in overdue][::-1]}
        previous = period.previous_year()
        context.update({
            "report": report, "rows": rows, "place": place, "period": period,
            "previous": previous, "charts": charts,
            "period_name": _capital(sentences.period_phrase(period.as_dict())),
            "previous_name": _capital(sentences.period_phrase(previous.as_dict())),
        })
    return render(request, "reports/dashboard.html", context)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@login_required
def records(request):
    """The records behind one figure: the indicator's own rule, then the user's scope."""
    code = request.GET.get("indicator", "")
    indicator = CATALOGUE.get(code)
    if indicator is None or indicator.measure == RATIO:
        raise Http404
    place_key, place, period_code, calendar, period, errors, _form = _choose(request)
    if errors:
        raise Http404
    qs = indicator.records(place.unit_ids, period.start, period.end)
    visible = qs.restrict(request.user, VIEW) if hasattr(qs, "restrict") else qs.none()
    total = qs.count()
    amount = None
    if indicator.measure == SUM:  # the figure is the sum of the listed records' amounts
        amount = qs.aggregate(s=Sum(indicator.field, default=0))["s"]
    page = Paginator(visible.order_by("-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "reports/records.html", {
        "indicator": indicator, "place": place, "period": period, "page_obj": page,
        "paginator": page.paginator, "total": total, "amount": amount,
        "hidden": total - page.paginator.count, "counted_by": counted_by(indicator),
        "period_name": _capital(sentences.period_phrase(period.as_dict())),
        "model_name": page.paginator.object_list.model._meta.model_name,
    })
