"""Every indicator against records whose right answer is obvious (period: the year 2024).

Records sit on both edges of the period (31 Dec 2023, 1 Jan 2024, 31 Dec 2024, 1 Jan 2025)
and in another unit, so an off-by-one date or a missing unit filter changes a figure.
"""

import datetime as dt

import pytest

from oversight.reports import service
from oversight.reports.indicators import CATALOGUE, DISTINCT, RATIO
from oversight.reports.periods import parse
from oversight.reports.places import for_unit, national

D = dt.date

EXPECTED = {
    "matters_put_under_monitoring": (2, 2),
    "matters_put_under_monitoring_central_committee": (0, 1),
    "matters_put_under_monitoring_central_commission": (1, 0),
    "matters_put_under_monitoring_provincial": (1, 1),
    "matters_under_monitoring_total": (5, 3),
    "matters_completed": (1, 0),
    "matters_open": (4, 3),
    "security_order_matters": (1, 0),
    "cases_prosecuted": (1, 2),
    "defendants_prosecuted": (2, 2),
    "investigations_concluded": (1, 0),
    "cases_indicted": (1, 0),
    "defendants_indicted": (2, 0),
    "first_instance_cases": (1, 1),
    "first_instance_defendants": (2, 1),
    "appeal_cases": (1, 0),
    "appeal_defendants": (1, 0),
    "loss_amount": (1000, 600),
    "recovered_amount": (250, 200),
    "recovery_rate": (0.25, 0.3333),
    "enforcement_due_amount": (100, 100),
    "enforcement_done_amount": (14, 14),
    "directions_issued": (4, 1),
    "directions_overdue": (2, 0),
    "petitions_received": (3, 1),
    "denunciations_received": (1, 1),
    "complaints_received": (1, 0),
    "petitions_processed": (2, 0),
    "petitions_overdue": (2, 0),
    "petitions_transferred": (1, 0),
    "receptions": (2, 1),
    "dialogues": (1, 1),
    "hotspots_handled": (1, 1),
    "meetings": (2, 1),
    "inspections": (2, 1),
    "documents_issued": (2, 1),
    "projects_submitted": (1, 1),
}


def test_every_indicator_is_pinned():
    assert set(EXPECTED) == set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_indicator(records, code):
    report = service.build(for_unit("nghe_an"), parse("2024"))
    figure = report["indicators"][code]
    assert (figure["value"], figure["previous"]) == EXPECTED[code]


@pytest.mark.parametrize("code", sorted(c for c, i in CATALOGUE.items() if i.measure != RATIO))
def test_click_through_matches_the_figure(records, code):
    indicator = CATALOGUE[code]
    place = for_unit("nghe_an")
    period = parse("2024")
    rows = indicator.records(place.unit_ids, period.start, period.end)
    if indicator.measure in ("count", DISTINCT):
        assert rows.count() == EXPECTED[code][0]


def test_merged_province_counts_its_predecessor(make_matter):
    make_matter("quang_binh", monitored_from=D(2024, 3, 1))
    make_matter("quang_tri", monitored_from=D(2025, 8, 1))
    quang_tri = for_unit("quang_tri")
    assert service.build(quang_tri, parse("2024-2026"))["indicators"][
        "matters_put_under_monitoring"]["value"] == 2
    quang_binh = for_unit("quang_binh")
    assert service.build(quang_binh, parse("2024-2026"))["indicators"][
        "matters_put_under_monitoring"]["value"] == 1


def test_national_parts_add_up(records, make_matter):
    make_matter("quang_binh", monitored_from=D(2024, 3, 1))
    report = service.build(national(), parse("2024"), with_parts=True)
    parts = {p["code"]: p["indicators"]["matters_put_under_monitoring"]["value"]
             for p in report["parts"]}
    assert len(report["parts"]) == 35  # the central commission and today's 34 provinces
    assert parts["nghe_an"] == 2 and parts["ha_noi"] == 1 and parts["quang_tri"] == 1
    assert sum(parts.values()) == report["indicators"]["matters_put_under_monitoring"]["value"]


def test_change_ratio(records):
    report = service.build(for_unit("nghe_an"), parse("2024"))
    assert report["indicators"]["matters_put_under_monitoring"]["change"] == 1.0
    assert report["indicators"]["investigations_concluded"]["change"] is None


def test_report_command_json(records, tmp_path):
    import json

    from django.core.management import call_command

    out = tmp_path / "r.json"
    call_command("report", unit="nghe_an", period="2024", format="json", output=str(out))
    data = json.loads(out.read_text())
    assert data["indicators"]["directions_overdue"]["value"] == 2


def test_transfer_counted_once_across_units(records):
    """Hà Tĩnh counts the petition Nghệ An transferred to it; a place holding both counts it
    once, and so does the nation."""
    def received(place):
        return service.build(place, parse("2024"))["indicators"]["petitions_received"]["value"]

    from oversight.reports.places import for_cluster

    assert received(for_unit("ha_tinh")) == 1
    assert received(for_cluster("cluster_ii")) == 3  # Nghệ An and Hà Tĩnh are both members
    assert received(national()) == 3
