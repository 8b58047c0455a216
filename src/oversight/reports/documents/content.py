"""What every document of a report shows, gathered once: the figures, the sections with their
sentences and indicator rows, the lists of matters and overdue directions, the chart series.

The sections come from the catalogue (each indicator names its section), in the agencies'
order; a section the catalogue does not use is left out, and one not known here is added
after the known ones, so a new group of indicators appears without code changes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from oversight.core.scoping import readable
from oversight.matters.choices import MatterKind, Stage
from oversight.matters.models import Direction, Matter
from oversight.reports import service
from oversight.reports.documents import sentences
from oversight.reports.indicators import CATALOGUE
from oversight.reports.periods import Period
from oversight.reports.places import UNIT, Place

SECTION_ORDER = ["matters", "criminal", "recovery", "petitions", "directions", "committee"]
SECTION_TITLES = {
    "matters": ("Công tác theo dõi, chỉ đạo xử lý các vụ án, vụ việc",
                "Monitoring and directing the handling of cases and incidents"),
    "criminal": ("Kết quả xử lý hình sự", "Criminal handling"),
    "recovery": ("Công tác thu hồi tài sản và thi hành án",
                 "Asset recovery and judgment enforcement"),
    "petitions": ("Công tác tiếp công dân, xử lý đơn thư",
                  "Petitions and citizen receptions"),
    "directions": ("Thực hiện các chỉ đạo của Ban Chỉ đạo",
                   "Carrying out the Steering Committee's directions"),
    "committee": ("Hoạt động của Ban Chỉ đạo và cơ quan thường trực",
                  "Work of the Steering Committee and its standing agency"),
}
# The units of measure a reader sees (the catalogue's are codes). A unit not listed here
# shows as written in the catalogue; tests/reports check every catalogue unit is listed.
MEASURE_UNITS = {
    "matters": ("vụ", "matters"),
    "cases": ("vụ án", "cases"),
    "defendants": ("người", "persons"),
    "VND": ("đồng", "VND"),
    "ratio": ("%", "%"),
    "directions": ("văn bản", "directions"),
    "meetings": ("cuộc", "meetings"),
    "inspections": ("cuộc", "inspections"),
    "documents": ("văn bản", "documents"),
    "projects": ("đề án", "projects"),
    "petitions": ("đơn", "petitions"),
    "receptions": ("cuộc", "sessions"),
    "hot spots": ("vụ", "cases"),
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _vi_en(pair: tuple[str, str]) -> str:
    return pair[1] if sentences.lang() == "en" else pair[0]


def section_codes() -> list[str]:
    used = list(dict.fromkeys(ind.section for ind in CATALOGUE.values()))
    known = [s for s in SECTION_ORDER if s in used]
    return known + [s for s in used if s not in SECTION_ORDER]


def section_title(section: str) -> str:
    pair = SECTION_TITLES.get(section)
    return _vi_en(pair) if pair else section.replace("_", " ").capitalize()


def measure_unit(code: str) -> str:
    unit = CATALOGUE[code].measure_unit
    return _vi_en(MEASURE_UNITS[unit]) if unit in MEASURE_UNITS else unit


@dataclass
class Row:
    code: str
    label: str
    unit: str
    value: float | None
    previous: float | None
    change: float | None
    is_ratio: bool = False
    is_money: bool = False

    @property
    def scale(self) -> tuple[int, str]:
        """Money is shown in billions or millions of đồng when the figures are that large."""
        if not self.is_money:
            return 1, self.unit
        largest = max(abs(self.value or 0), abs(self.previous or 0))
        for size, vi, en in ((sentences.BILLION, "tỷ đồng", "VND billion"),
                             (sentences.MILLION, "triệu đồng", "VND million")):
            if largest >= size:
                return size, en if sentences.lang() == "en" else vi
        return 1, self.unit

    @property
    def shown_unit(self) -> str:
        return self.scale[1]

    def shown(self, value) -> str:
        if self.is_ratio:
            return sentences.percent(value)
        size = self.scale[0]
        return sentences.number(value) if size == 1 else sentences.decimal((value or 0) / size)

    @property
    def value_text(self) -> str:
        return self.shown(self.value)

    @property
    def previous_text(self) -> str:
        return self.shown(self.previous)

    @property
    def change_text(self) -> str:
        """The change against the same period, by the one rule: "tăng 66,7%", "bằng 0,71
        lần", "bằng cùng kỳ"; "–" when there is nothing to compare."""
        return sentences.change_cell(self.change)


@dataclass
class Section:
    code: str
    number: str
    title: str
    sentences: list[str]
    rows: list[Row]
    charts: list[str] = field(default_factory=list)  # chart names (see charts.CHARTS)


@dataclass
class Content:
    place: Place
    period: Period
    report: dict
    sections: list[Section]
    matters: list[Matter]
    overdue: list[Direction]
    by_stage: list[tuple[str, int]]
    monthly: dict  # {"labels", "current", "previous", "current_label", "previous_label"}
    overdue_by_unit: list[tuple[str, int]]
    made_on: dt.date

    @property
    def title_lead(self) -> str:
        if sentences.lang() == "en":
            return ("Results of internal affairs work and the fight against corruption, waste "
                    "and negativity,")
        return "Kết quả công tác nội chính và phòng, chống tham nhũng, lãng phí, tiêu cực"

    @property
    def title_period(self) -> str:
        return sentences.period_phrase(self.report["period"])

    @property
    def title(self) -> str:
        return f"{self.title_lead} {self.title_period}"

    @property
    def issuer(self) -> str:
        """The unit that signs: the province's committee, or the central commission."""
        if self.place.kind == UNIT:
            return self.place.parts[0].name
        central = next((p for p in self.place.parts if p.code == "central"), None)
        if central is not None:
            return central.name
        return "Central Internal Affairs Commission" if sentences.lang() == "en" \
            else "Ban Nội chính Trung ương"

    @property
    def place_name(self) -> str:
        if self.place.kind == UNIT:
            return self.place.parts[0].place
        return self.place.name

    @property
    def town(self) -> str:
        """Where the report is signed (the date line)."""
        if self.place.kind == UNIT:
            return self.place.parts[0].place
        return "Ha Noi" if sentences.lang() == "en" else "Hà Nội"

    @property
    def date_line(self) -> str:
        return sentences.date_line(self.town, self.made_on)


def rows_of(report: dict, section: str) -> list[Row]:
    rows = []
    for code, ind in CATALOGUE.items():
        if ind.section != section or code not in report["indicators"]:
            continue
        f = report["indicators"][code]
        rows.append(Row(code, ind.label, measure_unit(code), f["value"], f["previous"],
                        f.get("change"), is_ratio=ind.measure_unit == "ratio",
                        is_money=ind.measure_unit == "VND"))
    return rows


CHARTS_BY_SECTION = {"matters": ["by_stage", "monthly"], "directions": ["overdue_by_unit"]}


def sections_of(report: dict) -> list[Section]:
    out = []
    for i, code in enumerate(section_codes()):
        out.append(Section(code, ROMAN[i] if i < len(ROMAN) else str(i + 1), section_title(code),
                           sentences.for_section(report, code), rows_of(report, code),
                           CHARTS_BY_SECTION.get(code, [])))
    return out


def _scoped(qs, path: str, place: Place):
    return qs if place.unit_ids is None else qs.filter(**{f"{path}__in": place.unit_ids})


def _months(period: Period) -> list[dt.date]:
    first = period.start.replace(day=1)
    months = []
    while first <= period.end and len(months) < 120:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def _monthly(place: Place, period: Period) -> dict:
    previous = period.previous_year()
    counts = Counter()
    qs = _scoped(Matter.objects.all(), "responsible_unit", place)
    for p in (period, previous):
        for row in (qs.filter(monitored_from__gte=p.start, monitored_from__lte=p.end)
                    .annotate(month=TruncMonth("monitored_from")).values("month")
                    .annotate(n=Count("pk")).order_by()):
            counts[row["month"]] += row["n"]
    months = _months(period)
    en = sentences.lang() == "en"
    labels = [(sentences._MONTHS_EN[m.month - 1][:3] if en else f"T{m.month}")
              if len(months) <= 12 else f"{m.month:02d}/{m.year % 100:02d}" for m in months]
    return {
        "labels": labels,
        "current": [counts[m] for m in months],
        "previous": [counts[m.replace(year=m.year - 1)] for m in months],
        "current_label": sentences.period_phrase(period.as_dict()),
        "previous_label": sentences.period_phrase(previous.as_dict()),
    }


def collect(place: Place, period: Period, made_on: dt.date | None = None,
            user=None) -> Content:
    """The report's content. Figures count every record of the place; the lists of matters
    and directions name only what `user` may open (`core.scoping.readable`): the XLSX, DOCX
    and PDF of a report list the same records as the dashboard's click-through."""
    report = service.build(place, period, with_parts=place.kind != UNIT)
    matters = list(readable(
        _scoped(Matter.objects.all(), "responsible_unit", place)
        .filter(monitored_from__lte=period.end), user).with_stage_at(period.end)
        .select_related("responsible_unit").order_by("monitored_from", "id")
    )
    overdue = list(readable(
        CATALOGUE["directions_overdue"].records(place.unit_ids, period.start, period.end),
        user).select_related("unit", "addressee", "matter").order_by("due_on", "id")
    )
    open_matters = CATALOGUE["matters_open"].records(place.unit_ids, period.start, period.end)
    # the stage each was in at the period's end, not today's
    stage_counts = dict(open_matters.with_stage_at(period.end).values_list("stage_at_end")
                        .annotate(n=Count("pk")).order_by())
    by_stage = [(str(Stage(s).label), stage_counts.get(s, 0)) for s in Stage.values
                if s != Stage.CLOSED]
    by_unit = Counter(d.addressee.place for d in overdue)
    overdue_by_unit = sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    return Content(
        place=place, period=period, report=report, sections=sections_of(report),
        matters=matters, overdue=overdue, by_stage=by_stage, monthly=_monthly(place, period),
        overdue_by_unit=overdue_by_unit, made_on=made_on or timezone.localdate(),
    )


def stage_label(stage: str) -> str:
    """A stage's label (the matters sheet shows each matter's stage at the period's end)."""
    return str(Stage(stage).label) if stage in Stage.values else stage


def kind_label(kind: str) -> str:
    return str(MatterKind(kind).label) if kind in MatterKind.values else kind
