"""A matter's stage at a period's end is the stage it was in then, from its timeline: the
stage chart, the report's stage counts and its matters sheet do not use today's stage."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from oversight.matters import actions
from oversight.matters.models import Matter
from oversight.reports.dashboard import _stages
from oversight.reports.documents import content, xlsx
from oversight.reports.periods import parse
from oversight.reports.places import resolve

D = dt.date


def _matter(make_matter):
    m = make_matter("nghe_an", title="Vụ án đất đai", monitored_from=D(2024, 3, 1),
                    stage="verification", kind="incident")  # a case from investigation on
    m = actions.move_stage(m, "investigation", by=None, on=D(2024, 5, 10))
    return actions.move_stage(m, "prosecution", by=None, on=D(2024, 8, 1))


def test_stage_at_end_from_the_timeline(make_matter):
    m = _matter(make_matter)
    at = {end: Matter.objects.with_stage_at(end).get(pk=m.pk).stage_at_end
          for end in (D(2024, 3, 31), D(2024, 6, 30), D(2024, 12, 31))}
    assert at == {D(2024, 3, 31): "verification", D(2024, 6, 30): "investigation",
                  D(2024, 12, 31): "prosecution"}


def test_the_chart_the_counts_and_the_sheet_use_it(make_matter):
    _matter(make_matter)
    place, first_half = resolve(unit="nghe_an"), parse("2024-H1")
    chart = {row["stage"]: row["value"] for row in _stages(place, first_half)}
    assert chart["investigation"] == 1 and chart["prosecution"] == 0
    found = content.collect(place, first_half)
    assert dict(found.by_stage)[str(content.Stage("investigation").label)] == 1
    book = load_workbook(io.BytesIO(xlsx.render(found)))
    cells = [c.value for row in book.worksheets[-2].iter_rows() for c in row]
    assert str(content.Stage("investigation").label) in cells
    assert str(content.Stage("prosecution").label) not in cells  # today's stage
