"""Form 01/XLD: the columns add up, and each petition lands in the right column."""

import datetime as dt

from oversight.petitions import actions
from oversight.reports.periods import parse
from oversight.reports.places import for_unit, national
from oversight.reports.xld import table
from tests.petitions.conftest import full_checklist

D = dt.date


def test_columns(db, unit):
    nghe_an = unit("nghe_an")

    def petition(kind, received_on, signatories=1):
        return actions.create_petition(by=None, unit=nghe_an, kind=kind, received_on=received_on,
                                       subject="Đơn", content=f"Nội dung {received_on}",
                                       petitioner={"name": "Lê Thị Hoa"},
                                       signatory_count=signatories)

    # Carried over: received in 2023, still open on 1 January 2024.
    old = petition("complaint", D(2023, 11, 1))
    old = actions.classify(old, by=None, checklist=full_checklist("complaint"), on=D(2023, 11, 3))
    actions.accept(old, by=None, on=D(2023, 11, 3))
    # Closed in 2023: not carried over.
    done = petition("reflection", D(2023, 10, 1))
    done = actions.classify(done, by=None, checklist=full_checklist("reflection"),
                            on=D(2023, 10, 2))
    actions.guide(done, by=None, guided_to="UBND huyện", on=D(2023, 10, 2))
    # Received in 2024.
    petition("denunciation", D(2024, 2, 1), signatories=12)  # not classified yet
    moved = petition("recommendation", D(2024, 3, 1))
    moved = actions.classify(moved, by=None, checklist=full_checklist("recommendation"),
                             on=D(2024, 3, 2))
    actions.transfer(moved, by=None, to_unit=unit("ha_tinh"), on=D(2024, 3, 4))
    actions.urge(moved, by=None, reason="Đề nghị giải quyết", on=D(2024, 5, 1))
    bad = petition("complaint", D(2024, 4, 1))
    actions.classify(bad, by=None, checklist={}, reason="Không ký tên", on=D(2024, 4, 2))
    result = table(for_unit("nghe_an"), parse("2024"))
    t = result["total"]
    assert (t["carried_over"], t["received"], t["total"]) == (1, 3, 4)
    assert (t["qualifying"], t["not_qualifying"], t["not_classified"]) == (2, 1, 1)
    assert t["complaint_single"] == 2 and t["denunciation_multi"] == 1
    assert t["recommendation_single"] == 1
    assert (t["within_jurisdiction"], t["outside_jurisdiction"]) == (1, 1)
    assert t["not_settled"] == 1
    assert (t["transferred"], t["urged"], t["guided"]) == (1, 1, 0)
    # The columns add up.
    assert t["total"] == t["carried_over"] + t["received"]
    assert t["total"] == t["qualifying"] + t["not_qualifying"] + t["not_classified"]
    assert t["total"] == sum(t[k] for k in ("complaint_single", "complaint_multi",
                                            "denunciation_single", "denunciation_multi",
                                            "recommendation_single", "recommendation_multi"))
    assert t["qualifying"] == t["within_jurisdiction"] + t["outside_jurisdiction"]
    assert t["within_jurisdiction"] == sum(t[k] for k in ("not_settled", "settling",
                                                          "settled_first", "settled_repeat"))
    # Nationally the transferred petition is counted once (in Nghệ An, where it came in).
    assert table(national(), parse("2024"))["total"]["total"] == 4
    # Hà Tĩnh counts the petition it received by transfer.
    assert table(for_unit("ha_tinh"), parse("2024"))["total"]["received"] == 1
