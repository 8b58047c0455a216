"""Fixtures of the report tests: `records`, a data set whose right answers are obvious.

Records sit on both edges of the period 2024 (31 Dec 2023, 1 Jan 2024, 31 Dec 2024,
1 Jan 2025) and in another unit, so an off-by-one date or a missing unit filter changes a
figure (see EXPECTED in test_indicators.py).
"""

import datetime as dt

import pytest

from oversight.matters import actions

D = dt.date


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
    committee_work(unit)
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


def committee_work(unit):
    """Meetings, inspections, documents and projects on the edges of 2024; a planned
    inspection and a draft document that do not count; a Hà Nội meeting that never counts."""
    from oversight.committees import actions as c

    nghe_an = unit("nghe_an")
    for day in (D(2023, 12, 31), D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1)):
        c.create_meeting(by=None, unit=nghe_an, title=f"Phiên họp {day}", held_on=day,
                         chair="Bí thư Tỉnh ủy")
    c.create_meeting(by=None, unit=unit("ha_noi"), title="Họp Hà Nội", held_on=D(2024, 5, 1),
                     chair="Bí thư Thành ủy")
    for start, status, concluded in [
        (D(2023, 12, 31), "ongoing", None),
        (D(2024, 1, 1), "ongoing", None),
        (D(2024, 12, 31), "concluded", D(2025, 1, 10)),
        (D(2024, 6, 1), "planned", None),  # planned: not started, not counted
        (D(2025, 1, 1), "ongoing", None),
    ]:
        c.create_inspection(by=None, unit=nghe_an, topic=f"Kiểm tra {start}", status=status,
                            period_start=start, period_end=start + dt.timedelta(days=30),
                            concluded_on=concluded)
    for day, status in [(D(2023, 12, 31), "issued"), (D(2024, 1, 1), "issued"),
                        (D(2024, 6, 1), "draft"), (D(2024, 12, 31), "issued"),
                        (D(2025, 1, 1), "issued")]:
        c.save_document(by=None, unit=nghe_an, kind="plan", title=f"Văn bản {day}",
                        issued_on=day, status=status)
    for day in (D(2023, 12, 31), D(2024, 12, 31), D(2025, 1, 1)):
        c.save_project(by=None, unit=nghe_an, title=f"Đề án {day}", status="submitted",
                       submitted_on=day)
    c.save_project(by=None, unit=nghe_an, title="Đề án mới đề xuất")
