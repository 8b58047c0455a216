"""Every indicator against records whose right answer is obvious (period: the year 2024).

Records sit on both edges of the period (31 Dec 2023, 1 Jan 2024, 31 Dec 2024, 1 Jan 2025)
and in another unit, so an off-by-one date or a missing unit filter changes a figure.
"""

import datetime as dt

import pytest

from oversight.matters import actions
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
}


@pytest.fixture
def records(db, make_matter, unit):
    nghe_an = unit("nghe_an")
    m1 = make_matter(title="M1", monitored_from=D(2024, 1, 1), security_order=True,
                     kind="case", stage="investigation", prosecuted_on=D(2023, 12, 31),
                     loss_amount=100, recovered_amount=50)
    actions.complete(m1, on=D(2024, 12, 31), by=None)
    m2 = make_matter(title="M2", monitored_from=D(2023, 12, 31), kind="incident",
                     monitoring_level="central_committee", loss_amount=200)
    m2 = actions.move_stage(m2, "investigation", on=D(2024, 6, 1), by=None)  # → a case
    for day in (D(2024, 6, 1), D(2024, 12, 31), D(2025, 1, 1)):
        actions.add_defendant(m2, by=None, full_name=f"Bị can {day}", prosecuted_on=day)
    actions.move_stage(m2, "prosecution", on=D(2024, 7, 1), by=None)
    actions.move_stage(m2, "first_instance", on=D(2025, 1, 1), by=None)
    make_matter(title="M3", monitored_from=D(2024, 12, 31), monitoring_level="central_commission",
                loss_amount=300)
    make_matter(title="M4", monitored_from=D(2025, 1, 1), loss_amount=5000)
    m7 = make_matter(title="M7", monitored_from=D(2022, 1, 1), kind="case", stage="appeal",
                     prosecuted_on=D(2021, 5, 1), loss_amount=400, recovered_amount=200,
                     enforcement_due_amount=100, enforcement_done_amount=14)
    actions.add_defendant(m7, by=None, full_name="D4", prosecuted_on=D(2021, 5, 1),
                          first_instance_on=D(2024, 3, 1), appeal_on=D(2024, 10, 1))
    actions.add_defendant(m7, by=None, full_name="D5", prosecuted_on=D(2021, 5, 1),
                          first_instance_on=D(2024, 3, 1), appeal_on=D(2025, 2, 1))
    actions.add_defendant(m7, by=None, full_name="D6", prosecuted_on=D(2021, 5, 1),
                          first_instance_on=D(2023, 12, 31))
    m8 = make_matter(title="M8", monitored_from=D(2023, 6, 1), kind="case", stage="prosecution",
                     prosecuted_on=D(2023, 5, 1))
    for name in ("D7", "D8"):
        actions.add_defendant(m8, by=None, full_name=name, prosecuted_on=D(2023, 5, 1))
    actions.move_stage(m8, "first_instance", on=D(2024, 2, 2), by=None)
    # Directions: overdue at the end (open, or done only after the end) and not.
    def direction(issued, due, done_on=None):
        d = actions.issue_direction(by=None, matter=m2, addressee=nghe_an, text="x",
                                    issued_on=issued, due_on=due)
        if done_on:
            actions.answer_direction(d, by=None, reply="ok", done_on=done_on)

    direction(D(2024, 3, 1), D(2024, 4, 1))  # overdue at the end
    direction(D(2023, 12, 31), D(2024, 12, 31), D(2025, 1, 5))  # due on the last day: not yet
    direction(D(2024, 12, 31), D(2025, 1, 10))
    direction(D(2024, 5, 1), D(2024, 6, 1), D(2024, 5, 20))
    direction(D(2024, 1, 1), D(2024, 2, 1), D(2025, 1, 5))  # done after the end: overdue then
    petitions(unit)
    # Another unit's records never count for Nghệ An.
    other = make_matter("ha_noi", title="Hà Nội", monitored_from=D(2024, 5, 1), loss_amount=9)
    actions.complete(other, on=D(2024, 6, 1), by=None)
    return {"m1": m1}


def petitions(unit):
    """P1 accepted, P2/P3 denunciations on the edges, P4 after, P5 a duplicate of P1,
    P6 transferred to Hà Tĩnh; receptions and hot spots on the edges."""
    from oversight.petitions import actions as p
    from tests.petitions.conftest import full_checklist

    nghe_an = unit("nghe_an")

    def petition(kind, received_on, **extra):
        return p.create_petition(by=None, unit=nghe_an, kind=kind, received_on=received_on,
                                 subject=f"Đơn {received_on}", content=f"Nội dung {kind}",
                                 petitioner={"name": "Trần Văn Bình"}, **extra)

    p1 = petition("complaint", D(2024, 1, 1))
    p1 = p.classify(p1, by=None, checklist=full_checklist("complaint"), on=D(2024, 1, 5))
    p.accept(p1, by=None, on=D(2024, 1, 5))  # settlement due early 2024, never settled
    petition("denunciation", D(2023, 12, 31))  # never processed: overdue since January
    petition("denunciation", D(2024, 12, 31))  # its deadline runs into 2025
    petition("reflection", D(2025, 1, 1))
    p5 = petition("complaint", D(2024, 3, 1))
    p.link_duplicate(p5, by=None, original=p1)
    p6 = petition("recommendation", D(2024, 2, 1))
    p6 = p.classify(p6, by=None, checklist=full_checklist("recommendation"), on=D(2024, 2, 10))
    p.transfer(p6, by=None, to_unit=unit("ha_tinh"), on=D(2024, 2, 10))
    for day, dialogue in [(D(2024, 1, 1), True), (D(2024, 12, 31), False),
                          (D(2023, 12, 31), True), (D(2025, 1, 1), True)]:
        p.create_reception(by=None, unit=nghe_an, held_on=day, host="Bí thư Tỉnh ủy",
                           dialogue=dialogue)
    for started, resolved in [(D(2023, 1, 1), D(2024, 6, 1)), (D(2022, 1, 1), D(2023, 6, 1)),
                              (D(2024, 1, 1), None)]:
        hotspot = p.create_hotspot(by=None, unit=nghe_an, name=f"Điểm nóng {started}",
                                   started_on=started)
        if resolved:
            p.update_hotspot(hotspot, by=None, status="resolved", resolved_on=resolved)


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


def test_api(records, api, nghean, analyst):
    response = api(nghean).get("/api/reports/indicators/?unit=nghe_an&start=2024-01-01"
                               "&end=2024-12-31")
    assert response.status_code == 200
    body = response.json()
    assert body["place"]["code"] == "nghe_an"
    assert body["indicators"]["matters_put_under_monitoring"] == {"value": 2, "previous": 2,
                                                                  "change": 1.0}
    assert api(nghean).get("/api/reports/indicators/?unit=nghe_an&period=2024").json() \
        ["indicators"]["matters_completed"]["value"] == 1
    # A province reports on itself only; the centre on any place.
    assert api(nghean).get("/api/reports/indicators/?unit=ha_noi&period=2024")\
        .status_code == 403
    assert api(nghean).get("/api/reports/indicators/?scope=national&period=2024")\
        .status_code == 403
    national_body = api(analyst).get("/api/reports/indicators/?scope=national&period=2024"
                                     "&parts=1").json()
    assert national_body["indicators"]["matters_put_under_monitoring"]["value"] == 3
    cluster = api(analyst).get("/api/reports/indicators/?cluster=cluster_ii&period=2024")
    assert cluster.status_code == 200


@pytest.mark.parametrize("query,field", [
    ("unit=nghe_an", "period"),
    ("unit=nghe_an&period=2024-Q9", "period"),
    ("unit=nghe_an&start=2024-13-01&end=2024-12-31", "start"),
    ("unit=nghe_an&start=2024-12-01&end=2024-01-31", "period"),
    ("period=2024", "place"),
    ("unit=atlantis&period=2024", "place"),
    ("unit=nghe_an&scope=national&period=2024", "place"),
])
def test_api_errors_name_the_field(api, analyst, query, field):
    response = api(analyst).get(f"/api/reports/indicators/?{query}")
    assert response.status_code == 400
    assert field in response.json()


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
