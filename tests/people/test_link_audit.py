"""Links, merges, unlinks and link decisions are in the audit trail with the match
probability; the run that made them carries the user who started it."""

from __future__ import annotations

from oversight.audit.models import AuditEntry
from oversight.core import jobs
from oversight.core.jobs import JobStatus
from oversight.people import actions
from oversight.people.choices import LinkStatus
from oversight.people.linking import registry
from oversight.people.models import LinkCandidate, Mention
from tests.people.conftest import HUNG
from tests.people.test_registry import IMMEDIATE, MAI, MAI_AGAIN


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def _mention(petition):
    return Mention.objects.get(petition=petition, role="petitioner")


def test_a_full_run_records_each_link_with_its_probability(
        petition_by, nghean, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    a = petition_by(HUNG)
    b = petition_by({**HUNG, "name": "NGUYEN VAN HUNG", "id_number": "",
                     "phone": "+84 912 345 678"}, "ha_noi")
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.start_relink(by=nghean)
    run.refresh_from_db()
    assert run.started_by == nghean and run.status == "done"
    links = entries(action="link", object_type="people.mention")
    linked = {e.object_id: e for e in links}
    assert {str(_mention(a).pk), str(_mention(b).pk)} <= set(linked)
    entry = linked[str(_mention(b).pk)]
    assert entry.detail["how"] == "re-link" and entry.detail["run"] == run.pk
    assert float(entry.detail["match_probability"]) >= registry.model.AUTO_PROBABILITY
    assert entry.changes["person_id"][1] == _mention(b).person_id
    # The run's work is the starter's, from the background worker.
    assert (entry.username, entry.address) == ("nghean", "job")


def test_a_decision_records_the_probability_and_a_merge(petition_by, nghean):
    a = petition_by(MAI)
    b = petition_by(MAI_AGAIN)
    registry.full_relink()
    candidate = LinkCandidate.objects.get(status=LinkStatus.PENDING)
    persons = {_mention(a).person_id, _mention(b).person_id}
    actions.decide(candidate, accepted=True, by=nghean)
    (decision,) = entries(action="link_decision")
    assert decision.username == "nghean" and decision.object_id == str(candidate.pk)
    assert decision.detail["accepted"] is True
    assert float(decision.detail["match_probability"]) == candidate.match_probability
    (merge,) = entries(action="merge")
    assert {merge.detail["kept"], merge.detail["merged"]} == persons
    assert float(merge.detail["match_probability"]) == candidate.match_probability
    moved = entries(action="link", detail__how="officer's decision")
    assert moved and all(float(e.detail["match_probability"]) == candidate.match_probability
                         for e in moved)
    # The candidate's text and weights name the persons compared: not in the trail.
    about = AuditEntry.objects.filter(object_type="people.linkcandidate")
    assert about.filter(action="create").exists()
    trail = str(list(about.values_list("object_repr", "changes", "detail")))
    assert "Xóm" not in trail and "Trần" not in trail
    candidate.waterfall = [{"comparison": "name", "left": "Trần Thị Mai", "right": "x"}]
    candidate.save()
    last = AuditEntry.objects.filter(object_type="people.linkcandidate").order_by("id").last()
    assert last.changes["waterfall"] == ["[redacted]", "[redacted]"]


def test_an_unlink_is_recorded(petition_by, nghean):
    a = petition_by(MAI)
    b = petition_by(MAI_AGAIN)
    registry.full_relink()
    candidate = LinkCandidate.objects.get(status=LinkStatus.PENDING)
    left, right = Mention.objects.get(pk=candidate.left_id), Mention.objects.get(
        pk=candidate.right_id)
    Mention.objects.filter(pk=right.pk).update(person=left.person)  # linked through others
    actions.decide(candidate, accepted=False, by=nghean)
    (unlink,) = entries(action="unlink")
    assert unlink.object_id == str(right.pk) and unlink.changes["person_id"][1] is None
    assert float(unlink.detail["match_probability"]) == candidate.match_probability
    assert unlink.username == "nghean"
    assert {_mention(a).person_id, _mention(b).person_id} - {None} == {
        left.person_id, Mention.objects.get(pk=right.pk).person_id}


def test_incremental_links_carry_who_saved_the_record(petition_by, settings, nghean):
    from oversight.base.acting import acting

    first = petition_by(HUNG)
    registry.full_relink()
    settings.PEOPLE_LINK_ON_SAVE = True
    settings.TASKS = IMMEDIATE
    with acting(user=nghean, address="10.0.0.9"):
        second = petition_by({**HUNG, "name": "Nguyen Hung", "id_number": "186123456"},
                             "ha_noi")
    assert _mention(second).person_id == _mention(first).person_id
    (entry,) = entries(action="link", object_id=str(_mention(second).pk))
    assert entry.detail["how"] == "automatic"
    assert float(entry.detail["match_probability"]) >= registry.model.AUTO_PROBABILITY
    assert (entry.username, entry.address) == ("nghean", "job")


def test_a_queued_run_without_a_starter_is_anonymous_not_someone_else(petition_by):
    petition_by(HUNG)
    run = actions.start_relink(by=None)  # queued by nobody (the System)
    assert jobs.execute(run.job_id) == JobStatus.DONE  # what the worker runs
    assert all(e.user_id is None for e in entries(action="link"))
