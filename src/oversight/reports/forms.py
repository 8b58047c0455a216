"""The period picker: a reporting period chosen from lists (year, half-year, nine months,
quarter, month, term, or two dates) in the calendar or the statutory data periods, instead
of a typed code. It produces the period code `periods.parse` reads, so links, exports and jobs
keep using `?period=…`; an old link with `?period=2024-H1` fills the picker the same way."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.reports.periods import CALENDAR, STATUTORY, PeriodError, parse

# Party congress terms of the provincial committees (the 2020–2025 term ends with the
# congresses of 2025). Data, not logic: add the next term here.
TERMS = [(2025, 2030), (2020, 2025), (2015, 2020)]
FIRST_YEAR = 2015

def period_types():
    """The kinds of period, in the active language."""
    return [
        ("year", _("Year")),
        ("H1", _("First half-year")),
        ("H2", _("Second half-year")),
        ("9M", _("Nine months")),
        *[(f"Q{q}", _("Quarter %(n)s") % {"n": q}) for q in range(1, 5)],
        *[(f"M{m:02d}", _("Month %(n)s") % {"n": m}) for m in range(1, 13)],
        ("term", _("Term")),
        ("range", _("From one date to another")),
    ]


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _years():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    period_type = forms.ChoiceField(label=gettext_lazy("Period"))
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    term = forms.ChoiceField(label=gettext_lazy("Term"), required=False,
                             choices=[(f"{a}-{b}", f"{a}–{b}") for a, b in TERMS])
    start = forms.DateField(label=gettext_lazy("From"), required=False, input_formats=DATE_FORMATS,
                            widget=forms.DateInput(format="%d/%m/%Y",
                                                   attrs={"placeholder": "dd/mm/yyyy"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, input_formats=DATE_FORMATS,
                          widget=forms.DateInput(format="%d/%m/%Y",
                                                 attrs={"placeholder": "dd/mm/yyyy"}))
    calendar = forms.ChoiceField(label=gettext_lazy("Calendar"), choices=[
        (CALENDAR, gettext_lazy("Calendar months")),
        (STATUTORY, gettext_lazy("Statutory (15/12–14/12)"))])

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period_type"].choices = period_types()
        self.fields["year"].choices = _years()

    def clean(self):
        data = super().clean()
        kind = data.get("period_type")
        calendar = data.get("calendar") or CALENDAR
        if kind is None:
            return data
        if kind == "term":
            code = data.get("term") or ""
            if not code:
                self.add_error("term", _("Choose the term."))
                return data
        elif kind == "range":
            start, end = data.get("start"), data.get("end")
            for name, value in (("start", start), ("end", end)):
                if value is None and name not in self.errors:
                    self.add_error(name, _("Give the date (dd/mm/yyyy)."))
            if start is None or end is None:
                return data
            if end < start:
                self.add_error("end", _("The period ends before it starts."))
                return data
            code = f"{start.isoformat()}..{end.isoformat()}"
        else:
            year = data.get("year")
            if not year:
                self.add_error("year", _("Choose the year."))
                return data
            code = {"year": str(year)}.get(kind) or (
                f"{year}-{kind[1:]}" if kind.startswith("M") else f"{year}-{kind}")
        try:
            data["period"] = parse(code, calendar)
        except PeriodError as error:
            self.add_error("period_type", str(error))
            return data
        data["code"] = code
        return data


def initial_from_code(code: str, calendar: str = CALENDAR) -> dict:
    """The picker's values for a period code (old links, the job's parameters)."""
    code = (code or "").strip()
    initial = {"calendar": calendar if calendar in (CALENDAR, STATUTORY) else CALENDAR}
    if m := re.fullmatch(r"(\d{4})", code):
        return {**initial, "period_type": "year", "year": m[1]}
    if m := re.fullmatch(r"(\d{4})-(H[12]|Q[1-4]|9M)", code, re.I):
        return {**initial, "period_type": m[2].upper(), "year": m[1]}
    if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        return {**initial, "period_type": f"M{m[2]}", "year": m[1]}
    if m := re.fullmatch(r"(\d{4})-(\d{4})", code):
        return {**initial, "period_type": "term", "term": code}
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", code):
        try:
            start, end = (dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
        except ValueError:
            return {**initial, "period_type": "range"}
        return {**initial, "period_type": "range", "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y")}
    return {**initial, "period_type": "year", "year": str(timezone.localdate().year)}
