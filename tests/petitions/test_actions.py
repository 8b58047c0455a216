"""The petition actions called directly (petitions/actions.py), as the web pages and the API
call them: each main state change, what it writes, and what it refuses (issue 18: petition
rules were tested only through the API)."""

import datetime as dt

import pytest

from oversight.core.errors import ConflictError, RuleError
from oversight.petitions import actions
from oversight.petitions.choices import EventKind, Outcome, Status
from oversight.petitions.models import Petition, PetitionEvent
from oversight.units.models import Unit
from tests.petitions.conftest import full_checklist

D = dt.date


def _kinds(petition) -> list[str]:
    return list(PetitionEvent.objects.filter(petition=petition).order_by("id")
                .values_list("kind", flat=True))


def test_received_classified_accepted_settling_settled(make_petition, nghean):
    p = make_petition()
    assert p.status == Status.RECEIVED and _kinds(p) == [EventKind.RECEIVED]
    p = actions.classify(p, by=nghean, checklist=full_checklist(p.kind), on=D(2025, 3, 4))
    assert p.status == Status.CLASSIFIED
    p = actions.accept(p, by=nghean, on=D(2025, 3, 5))
    assert (p.status, p.accepted_on, p.decided_on) == (Status.ACCEPTED, D(2025, 3, 5),
                                                       D(2025, 3, 5))
    p = actions.begin_settlement(p, by=nghean, on=D(2025, 3, 6))
    assert p.status == Status.SETTLING
    p = actions.settle(p, by=nghean, outcome=Outcome.UPHELD, on=D(2025, 4, 1))
    assert (p.status, p.outcome, p.settled_on) == (Status.SETTLED, Outcome.UPHELD,
                                                   D(2025, 4, 1))
    stored = Petition.objects.get(pk=p.pk)
    assert stored.status == Status.SETTLED  # written, not only returned
    assert _kinds(p)[:2] == [EventKind.RECEIVED, EventKind.CLASSIFIED]
    assert _kinds(p).count(EventKind.STATUS_CHANGED) == 3  # accepted, settling, settled


def test_accept_is_refused_before_classification(make_petition, nghean):
    p = make_petition()
    with pytest.raises(RuleError):
        actions.accept(p, by=nghean, on=D(2025, 3, 5))
    assert Petition.objects.get(pk=p.pk).status == Status.RECEIVED


def test_not_accept_needs_a_reason_and_records_it(make_petition, nghean):
    p = make_petition()
    p = actions.classify(p, by=nghean, checklist=full_checklist(p.kind), on=D(2025, 3, 4))
    with pytest.raises(RuleError) as refused:
        actions.not_accept(p, by=nghean, reason="  ", on=D(2025, 3, 5))
    assert refused.value.field == "reason"
    p = actions.not_accept(p, by=nghean, reason="Quá thời hiệu", on=D(2025, 3, 5))
    assert (p.status, p.decision_reason, p.decided_on) == (Status.NOT_ACCEPTED,
                                                           "Quá thời hiệu", D(2025, 3, 5))


def test_settle_refuses_termination_as_an_outcome(accepted_petition, nghean):
    p = accepted_petition()
    with pytest.raises(RuleError) as refused:
        actions.settle(p, by=nghean, outcome=Outcome.TERMINATED, on=D(2025, 4, 1))
    assert refused.value.field == "outcome"
    assert Petition.objects.get(pk=p.pk).status == Status.ACCEPTED


def test_a_stale_version_writes_nothing(make_petition, nghean):
    p = make_petition()
    p = actions.classify(p, by=nghean, checklist=full_checklist(p.kind), on=D(2025, 3, 4))
    with pytest.raises(ConflictError):
        actions.accept(p, by=nghean, on=D(2025, 3, 5), expected_version=p.version - 1)
    assert Petition.objects.get(pk=p.pk).status == Status.CLASSIFIED
    p = actions.accept(p, by=nghean, on=D(2025, 3, 5), expected_version=p.version)
    assert p.status == Status.ACCEPTED


def test_transfer_closes_the_sender_s_record_and_opens_the_receiver_s(make_petition, nghean):
    p = make_petition()
    p = actions.classify(p, by=nghean, checklist=full_checklist(p.kind), on=D(2025, 3, 4))
    ha_noi = Unit.objects.get(code="ha_noi")
    p, received = actions.transfer(p, by=nghean, to_unit=ha_noi, on=D(2025, 3, 5))
    assert p.status == Status.TRANSFERRED
    assert (received.unit, received.status, received.transferred_from) == (
        ha_noi, Status.RECEIVED, p)
    assert EventKind.TRANSFERRED_IN in _kinds(received)


def test_assign_within_the_unit_only(make_petition, nghean, hanoi, make_user):
    p = make_petition()
    colleague = make_user("dong_nghiep")
    p = actions.assign(p, by=nghean, assignee=colleague)
    assert Petition.objects.get(pk=p.pk).assignee == colleague
    assert _kinds(p)[-1] == EventKind.ASSIGNED
    with pytest.raises(RuleError):
        actions.assign(p, by=nghean, assignee=hanoi)  # another province's officer
    assert Petition.objects.get(pk=p.pk).assignee == colleague
