"""The filing window of a first complaint (Law on Complaints 2011, art. 9: 90 days from the day
the complainant received or learned of the decision; the time of an objective obstacle is not
counted): classification flags a complaint filed late, asks for the reason and records whether
it is accepted (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.core.errors import RuleError
from oversight.petitions import actions
from oversight.petitions.models import PetitionEvent

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def late(make_petition):
    """Learned of the decision 1/3/2025: the window ends 30/5/2025; received 10/6/2025."""
    return make_petition(kind="complaint", received_on=D(2025, 6, 10),
                         decision_known_on=D(2025, 3, 1))


def classify(petition, checklist, **extra):
    return actions.classify(petition, by=None, checklist=checklist(petition.kind),
                            on=D(2025, 6, 11), **extra)


def refused_field(call) -> str:
    with pytest.raises(RuleError) as caught:
        call()
    return caught.value.field


def test_a_late_complaint_asks_for_the_reason_then_whether_it_is_accepted(late, checklist):
    assert late.filing_due == D(2025, 5, 30) and late.filed_late
    assert refused_field(lambda: classify(late, checklist)) == "late_filing_reason"
    assert refused_field(lambda: classify(late, checklist, late_filing_reason="Ốm nằm viện")
                         ) == "late_filing_accepted"
    late.refresh_from_db()
    assert late.status == "received" and late.late_filing_reason == ""  # nothing was saved


def test_a_reason_accepted_keeps_it_eligible(late, checklist):
    p = classify(late, checklist, late_filing_reason="Ốm nằm viện từ 15/5 đến 5/6/2025",
                 late_filing_accepted=True)
    assert p.classification == "eligible"
    p.refresh_from_db()
    assert p.late_filing_accepted is True and "nằm viện" in p.late_filing_reason
    event = PetitionEvent.objects.get(petition=p, kind="classified")
    assert event.changes["filed_late"] is True and event.changes["late_filing_accepted"] is True
    assert event.changes["filing_due"] == "2025-05-30"


def test_a_reason_refused_makes_it_not_eligible(late, checklist):
    p = classify(late, checklist, late_filing_reason="Không biết thời hiệu",
                 late_filing_accepted=False)
    assert p.classification == "not_eligible"
    assert "30/05/2025" in p.ineligibility_reason and "Không biết" in p.ineligibility_reason
    assert p.late_filing_accepted is False


def test_in_time_needs_no_reason(make_petition, checklist):
    p = make_petition(kind="complaint", received_on=D(2025, 6, 10),
                      decision_known_on=D(2025, 4, 1))
    p = classify(p, checklist, late_filing_reason="not needed", late_filing_accepted=False)
    assert p.classification == "eligible" and not p.filed_late
    assert p.late_filing_reason == "" and p.late_filing_accepted is None


def test_the_date_learned_may_be_given_at_classification(make_petition, checklist):
    p = make_petition(kind="complaint", received_on=D(2025, 6, 10))
    assert p.filing_due is None and not p.filed_late
    assert refused_field(lambda: classify(p, checklist, decision_known_on=D(2025, 3, 1))
                         ) == "late_filing_reason"
    p = classify(p, checklist, decision_known_on=D(2025, 3, 1),
                 late_filing_reason="Đi công tác xa", late_filing_accepted=True)
    assert p.decision_known_on == D(2025, 3, 1) and p.filing_due == D(2025, 5, 30)
    assert refused_field(lambda: actions.classify(
        make_petition(kind="complaint", received_on=D(2025, 6, 10)), by=None,
        checklist=checklist("complaint"), decision_known_on=D(2025, 6, 20))
    ) == "decision_known_on"


def test_a_window_ending_on_a_day_off_ends_on_the_next_working_day(make_petition):
    """4/10/2025 + 90 days is Friday 2/1/2026, a day off (12729/VPCP-KGVX): the window runs
    to Monday 5/1/2026 (Civil Code art. 148)."""
    known = D(2025, 10, 4)
    on_time = make_petition(kind="complaint", received_on=D(2026, 1, 5), decision_known_on=known)
    assert on_time.filing_due == D(2026, 1, 5) and not on_time.filed_late
    one_day_late = make_petition(kind="complaint", received_on=D(2026, 1, 6),
                                 decision_known_on=known)
    assert one_day_late.filed_late


def test_only_a_first_complaint_has_the_window(make_petition, checklist):
    second = make_petition(kind="complaint", complaint_round=2, received_on=D(2025, 6, 10),
                           decision_known_on=D(2025, 3, 1))
    assert second.filing_due is None and not second.filed_late
    assert classify(second, checklist).classification == "eligible"


def test_the_api_names_the_missing_field(api, nghean, late, checklist):
    c = api(nghean)
    url = f"/api/petitions/{late.pk}/classify/"
    r = c.post(url, {"checklist": checklist("complaint"), "on": "2025-06-11"}, format="json")
    assert r.status_code == 400 and "late_filing_reason" in r.json()
    r = c.post(url, {"checklist": checklist("complaint"), "on": "2025-06-11",
                     "late_filing_reason": "Thiên tai, lũ lụt", "late_filing_accepted": True},
               format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["classification"] == "eligible" and body["filed_late"] is True
    assert body["late_filing_accepted"] is True


def test_the_form_asks_for_it_on_a_first_complaint_only(web, nghean, late, make_petition):
    from oversight.accounts.roles import Role

    nghean.set_roles((Role.HEAD,))
    page = web(nghean).get(f"/petitions/{late.pk}/").content.decode()
    assert 'name="late_filing_reason"' in page and 'name="decision_known_on"' in page
    denunciation = make_petition(kind="denunciation")
    page = web(nghean).get(f"/petitions/{denunciation.pk}/").content.decode()
    assert 'name="late_filing_reason"' not in page  # control: the same page, another kind
    assert 'action="/petitions/' in page


def test_the_form_records_it(web, nghean, late, checklist):
    from oversight.accounts.roles import Role

    nghean.set_roles((Role.HEAD,))
    data = {"version": late.version, "on": "2025-06-11",
            "late_filing_reason": "Đi học ở nước ngoài", "late_filing_accepted": "true"}
    data |= {f"check_{key}": "on" for key in checklist("complaint")}
    web(nghean).post(f"/petitions/{late.pk}/classify/", data)
    late.refresh_from_db()
    assert late.status == "classified" and late.late_filing_accepted is True
    assert late.classification == "eligible"


def test_the_page_shows_the_window_and_the_reason(web, nghean, late, checklist):
    page = web(nghean).get(f"/petitions/{late.pk}/").content.decode()
    assert "01/03/2025" in page and 'class="text-muted filing-window"' in page
    classify(late, checklist, late_filing_reason="Ốm nằm viện", late_filing_accepted=True)
    page = web(nghean).get(f"/petitions/{late.pk}/").content.decode()
    assert "Ốm nằm viện — được chấp nhận" in page
