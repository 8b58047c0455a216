"""Actions that fit: what a petition's page and API offer is what the actions accept.

A crawler takes petitions through every state the flow reaches and tries every action on each
with valid input: an action the rules allow must succeed, and an action they refuse must fail
with the very reason the page showed beforehand. The control shows the crawler catching a
guard that the offer does not know about. Then: correcting the facts recomputes the deadlines
and makes a complex denunciation's extension reachable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from oversight.core.errors import RuleError
from oversight.petitions import actions, rules
from oversight.petitions.choices import EventKind
from oversight.petitions.models import DeadlineChange, Petition
from oversight.units.models import Unit
from tests.petitions.conftest import full_checklist


class _Undo(Exception):
    pass


def _today():
    return timezone.localdate()


def _inputs(petition, other, officer) -> dict:
    """Valid input for each action on `petition` (what a careful officer would type)."""
    return {
        "classify": {"checklist": full_checklist(petition.kind)},
        "accept": {},
        "not-accept": {"reason": "Không đủ điều kiện"},
        "transfer": {"to_unit": Unit.objects.get(code="ha_tinh")},
        "guide": {"guided_to": "UBND tỉnh"},
        "file": {"reason": "Lưu đơn"},
        "begin-settlement": {},
        "settle": {"outcome": "upheld"},
        "extend": {"days": 10, "reason": "Phức tạp"},
        "suspend": {"reason": "Chờ giám định"},
        "resume": {},
        "terminate": {"reason": "Rút đơn"},
        "urge": {"reason": "Đôn đốc"},
        "correct": {"complexity": "especially_complex"
                    if petition.complexity != "especially_complex" else "complex",
                    "reason": "Ghi nhầm khi tiếp nhận"},
        "link-duplicate": {"original": other},
        "assign": {"assignee": officer},
        "hotspot": {"hotspot": None},
    }


FUNCS = {
    "classify": actions.classify, "accept": actions.accept, "not-accept": actions.not_accept,
    "transfer": actions.transfer, "guide": actions.guide, "file": actions.file,
    "begin-settlement": actions.begin_settlement, "settle": actions.settle,
    "extend": actions.extend, "suspend": actions.suspend, "resume": actions.resume,
    "terminate": actions.terminate, "urge": actions.urge, "correct": actions.correct_facts,
    "link-duplicate": actions.link_duplicate, "assign": actions.assign,
    "hotspot": actions.set_hotspot,
}


def mismatches(petitions, other, officer) -> list[str]:
    """Every (petition, action) where the offer and the action disagree."""
    found = []
    for petition in petitions:
        for name in rules.NAMES:
            petition.refresh_from_db()
            refusal = rules.refusal(petition, name)
            values = _inputs(petition, other, officer)[name]
            error = None
            try:
                with transaction.atomic():
                    FUNCS[name](petition, by=None, **values)
                    raise _Undo
            except _Undo:
                pass
            except RuleError as raised:
                error = raised
            where = f"#{petition.pk} {petition.status} {name}"
            if refusal is None and error is not None:
                found.append(f"{where}: offered, but the action refused: {error.message}")
            elif refusal is not None and error is None:
                found.append(f"{where}: refused ({refusal.message}), but the action did it")
            elif refusal is not None and str(error.message) != refusal.message:
                found.append(f"{where}: the page said {refusal.message!r}, the action "
                             f"{error.message!r}")
    return found


@pytest.fixture
def every_state(make_petition, nghean):
    """Petitions in every state the flow reaches, with recent dates (deadlines running)."""
    received = _today() - dt.timedelta(days=3)
    on = _today() - dt.timedelta(days=1)

    def petition(kind="denunciation", **fields):
        return make_petition(kind=kind, received_on=received, **fields)

    def classified(kind="denunciation", **fields):
        p = petition(kind, **fields)
        return actions.classify(p, by=None, checklist=full_checklist(kind), on=on)

    def accepted(kind="denunciation", **fields):
        return actions.accept(classified(kind, **fields), by=None, on=on)

    states = [
        petition(),
        classified(),
        actions.classify(petition(), by=None, checklist={}, on=on),  # does not qualify
        actions.classify(petition(anonymous=True), by=None, checklist={}, on=on,
                         verify_as_information=True),
        accepted(),
        accepted(complexity="complex"),
        accepted("complaint"),  # no suspension for complaints
        actions.begin_settlement(accepted(complexity="especially_complex"), by=None, on=on),
        actions.suspend(accepted(), by=None, reason="Chờ", on=on),
        actions.settle(accepted(), by=None, outcome="rejected", on=on),
        actions.transfer(classified(), by=None, to_unit=Unit.objects.get(code="ha_tinh"),
                         on=on)[0],
        actions.file(classified(), by=None, reason="Lưu", on=on),
    ]
    # Extended once already: no extension left for a complex denunciation.
    done = accepted(complexity="complex")
    states.append(actions.extend(done, by=None, days=5, reason="x", on=on))
    # Accepted long ago: the settlement deadline has passed (extension refused after it).
    late = make_petition(kind="denunciation", received_on=dt.date(2025, 1, 6),
                         complexity="complex")
    late = actions.classify(late, by=None, checklist=full_checklist("denunciation"),
                            on=dt.date(2025, 1, 7))
    states.append(actions.accept(late, by=None, on=dt.date(2025, 1, 7)))
    return states


def test_every_offer_is_what_the_action_does(every_state, make_petition, nghean):
    other = make_petition(subject="Đơn gốc")
    assert mismatches(every_state, other, nghean) == []
    # and the states cover the cases: each action is offered somewhere, refused elsewhere
    offered = {n for p in every_state for n in rules.offers(p)[0]}
    shown_refused = {n for p in every_state for n, _why in rules.offers(p)[1]}
    assert offered == set(rules.NAMES)
    assert {"accept", "extend", "suspend", "settle", "begin-settlement"} <= shown_refused


def test_control_a_guard_the_offer_does_not_know_is_caught(every_state, make_petition, nghean,
                                                          monkeypatch):
    """The crawler fails when an action refuses what the page offered: here "settle" gets a
    guard of its own (a copy of a rule kept in the action only), which the offer cannot know."""
    other = make_petition(subject="Đơn gốc")

    def settle_with_its_own_guard(petition, **kwargs):
        if petition.complexity != "normal":
            raise RuleError("A complex petition is settled by the head.", field="status")
        return actions.settle(petition, **kwargs)

    monkeypatch.setitem(FUNCS, "settle", settle_with_its_own_guard)
    found = mismatches(every_state, other, nghean)
    assert found and all(" settle: offered, but the action refused" in f for f in found)


# --- Correcting the facts -------------------------------------------------------------------

def test_correcting_complexity_makes_the_extension_reachable(accepted_petition, nghean):
    on = _today() - dt.timedelta(days=1)
    p = accepted_petition(kind="denunciation", received_on=on - dt.timedelta(days=2), on=on)
    refusal = rules.extension_refusal(p)
    assert refusal is not None and refusal.code == "no_rule"
    assert "extend" in dict(rules.offers(p)[1])  # shown disabled, with its reason
    due = p.settlement_due

    p = actions.correct_facts(p, by=nghean, complexity="complex",
                              reason="Vụ việc phức tạp, nhiều người liên quan")
    assert p.complexity == "complex"
    assert rules.extension_refusal(p) is None and "extend" in rules.offers(p)[0]
    event = p.events.get(kind=EventKind.FACTS_CORRECTED)
    assert event.by == nghean and event.changes["complexity"] == ["normal", "complex"]
    assert "phức tạp" in event.note
    p = actions.extend(p, by=nghean, days=30, reason="Phức tạp")
    assert p.settlement_due > due


def test_correction_recomputes_and_records_the_deadlines(accepted_petition):
    on = _today() - dt.timedelta(days=1)
    p = accepted_petition(kind="complaint", received_on=on - dt.timedelta(days=2), on=on)
    before = p.settlement_due
    p = actions.correct_facts(p, by=None, remote_area=True, reason="Xã vùng sâu")
    assert p.settlement_due > before  # 45 days instead of 30 (Law on Complaints, art. 28)
    change = DeadlineChange.objects.get(petition=p, field="settlement_due", cause="correction")
    assert (change.old, change.new) == (before, p.settlement_due)
    assert Petition.objects.get(pk=p.pk).remote_area is True


@pytest.mark.parametrize("changes, field", [
    ({}, "complexity"),  # nothing changes
    ({"complaint_round": 2}, "complaint_round"),  # a denunciation has no round
    ({"surprise": 1}, "surprise"),
])
def test_corrections_refused_change_nothing(accepted_petition, changes, field):
    p = accepted_petition(kind="denunciation", received_on=_today() - dt.timedelta(days=3),
                          on=_today() - dt.timedelta(days=1))
    version = p.version
    with pytest.raises(RuleError) as refused:
        actions.correct_facts(p, by=None, reason="x", **changes)
    assert refused.value.field == field
    p.refresh_from_db()
    assert p.version == version and not p.events.filter(kind=EventKind.FACTS_CORRECTED)


def test_correction_cannot_take_back_an_extension_already_granted(accepted_petition):
    on = _today() - dt.timedelta(days=1)
    p = accepted_petition(kind="denunciation", received_on=on - dt.timedelta(days=2), on=on,
                          complexity="complex")
    p = actions.extend(p, by=None, days=20, reason="x")
    with pytest.raises(RuleError) as refused:
        actions.correct_facts(p, by=None, complexity="normal", reason="Nhầm")
    assert "1" in str(refused.value.message) and refused.value.field == "complexity"


def test_a_closed_petition_is_not_corrected(make_petition):
    p = make_petition(received_on=_today() - dt.timedelta(days=3))
    p = actions.classify(p, by=None, checklist={}, on=_today())
    p = actions.file(p, by=None, reason="Lưu", on=_today())
    assert rules.refusal(p, "correct").off_stage
    with pytest.raises(RuleError):
        actions.correct_facts(p, by=None, complexity="complex", reason="x")


# --- The page and the API --------------------------------------------------------------------

def test_page_shows_refused_extension_disabled_then_offers_it(web, nghean, accepted_petition):
    on = _today() - dt.timedelta(days=1)
    p = accepted_petition(kind="denunciation", received_on=on - dt.timedelta(days=2), on=on)
    page = web(nghean).get(f"/petitions/{p.pk}/").content.decode()
    assert 'id="act-extend-refused"' in page and "disabled" in page
    assert f'action="/petitions/{p.pk}/extend/"' not in page
    r = web(nghean).post(f"/petitions/{p.pk}/correct/", {
        "complexity": "complex", "reason": "Phức tạp", "version": p.version})
    assert r.status_code == 302
    page = web(nghean).get(f"/petitions/{p.pk}/").content.decode()
    assert 'id="act-extend-refused"' not in page
    assert f'action="/petitions/{p.pk}/extend/"' in page


def test_api_lists_actions_and_corrects(api, nghean, accepted_petition):
    on = _today() - dt.timedelta(days=1)
    p = accepted_petition(kind="denunciation", received_on=on - dt.timedelta(days=2), on=on)
    data = api(nghean).get(f"/api/petitions/{p.pk}/").json()
    assert "extend" in data["actions"]["refused"] and "settle" in data["actions"]["allowed"]
    r = api(nghean).post(f"/api/petitions/{p.pk}/correct/", {"complaint_round": 2,
                                                             "reason": "x"}, format="json")
    assert r.status_code == 400 and "complaint_round" in r.json()
    r = api(nghean).post(f"/api/petitions/{p.pk}/correct/",
                         {"complexity": "especially_complex", "reason": "Đặc biệt phức tạp"},
                         format="json")
    assert r.status_code == 200, r.json()
    assert "extend" in r.json()["actions"]["allowed"]
