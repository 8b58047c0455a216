"""Linking the registry: automatic links, the review queue, remembered decisions, on save."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from oversight.people import actions
from oversight.people.choices import LinkStatus, RunStatus
from oversight.people.linking import registry
from oversight.people.models import LinkCandidate, LinkDecision, Mention, Person
from tests.people.conftest import HUNG

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The same name at two hamlets of one commune: the model scores the pair between the review
# and the automatic thresholds.
MAI = {"name": "Trần Thị Mai", "address": "Xóm 3, xã Nghi Lộc, Nghệ An"}
MAI_AGAIN = {"name": "TRẦN THỊ MAI", "address": "Xóm 5, xã Nghi Lộc, Nghệ An"}


def _person(petition):
    return Mention.objects.get(petition=petition, role="petitioner").person


def test_mentions_follow_the_record(petition_by):
    p = petition_by(HUNG, respondents=[{"name": "Lê Văn Tám", "position": "Chủ tịch UBND xã"}])
    roles = sorted(Mention.objects.filter(petition=p).values_list("role", flat=True))
    assert roles == ["petitioner", "respondent"]
    m = Mention.objects.get(petition=p, role="petitioner")
    assert (m.cccd, m.phone_key, m.name_key) == ("040075001234", "0912345678", "nguyen van hung")


def test_full_run_links_above_the_threshold(petition_by):
    a = petition_by(HUNG)
    b = petition_by({**HUNG, "name": "NGUYEN VAN HUNG", "id_number": "",
                     "phone": "+84 912 345 678"}, "ha_noi")
    c = petition_by({"name": "Nguyễn Văn Hùng", "id_number": "040090009999",
                     "address": "Phường Hải Tân, Thành phố Hải Dương, Tỉnh Hải Dương"})
    run = registry.full_relink()
    assert run.status == RunStatus.DONE and run.progress == 100
    assert _person(a) == _person(b)
    assert _person(c) != _person(a)
    person = _person(a)
    assert person.full_name == "Nguyễn Văn Hùng" and person.cccd == "040075001234"
    assert person.addresses[0]["province"] == "nghe_an"


def test_review_queue_then_rejection_is_remembered(petition_by, nghean):
    a = petition_by(MAI)
    b = petition_by(MAI_AGAIN)
    run = registry.full_relink()
    assert run.to_review == 1
    candidate = LinkCandidate.objects.get(status=LinkStatus.PENDING)
    assert {candidate.left.petition_id, candidate.right.petition_id} == {a.pk, b.pk}
    assert registry.model.REVIEW_PROBABILITY <= candidate.match_probability \
        < registry.model.AUTO_PROBABILITY
    comparisons = {w["comparison"] for w in candidate.waterfall}
    assert {"Prior", "name", "address", "Final score"} <= comparisons
    assert _person(a) != _person(b)

    actions.decide(candidate, accepted=False, by=nghean, note="Khác năm sinh thực tế")
    decision = LinkDecision.objects.get()
    assert decision.by == nghean and not decision.accepted
    # A later run neither links them nor asks again.
    run = registry.full_relink()
    assert run.to_review == 0
    assert _person(a) != _person(b)


def test_accepting_a_link_merges_the_persons(petition_by, nghean):
    a = petition_by(MAI)
    b = petition_by(MAI_AGAIN)
    registry.full_relink()
    candidate = LinkCandidate.objects.get(status=LinkStatus.PENDING)
    actions.decide(candidate, accepted=True, by=nghean)
    assert _person(a) == _person(b)
    registry.full_relink()
    assert _person(a) == _person(b)


def test_rejected_pair_stays_apart_even_when_the_model_would_link(petition_by, nghean):
    a = petition_by(HUNG)
    b = petition_by({**HUNG, "name": "NGUYỄN VĂN HÙNG"})
    registry.full_relink()
    assert _person(a) == _person(b)
    left, right = sorted(Mention.objects.filter(role="petitioner"), key=lambda m: m.pk)
    LinkDecision.objects.create(left=left, right=right, accepted=False, by=nghean)
    registry.full_relink()
    assert _person(a) != _person(b)


# The worker runs as in production, outside a test transaction: before each poll it closes
# connections past CONN_MAX_AGE, which inside a wrapping transaction closed the test's own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("_audit_triggers_off")
def test_new_record_is_linked_by_the_task_worker_not_in_the_request(petition_by, settings):
    first = petition_by(HUNG)
    registry.full_relink()
    settings.PEOPLE_LINK_ON_SAVE = True
    second = petition_by({**HUNG, "name": "Nguyen Hung", "id_number": "186123456"}, "ha_noi")
    assert _person(second) is None  # saved; the link is queued with the record
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert _person(second) == _person(first)


def test_new_record_links_incrementally_on_save(petition_by, settings):
    first = petition_by(HUNG)
    registry.full_relink()
    settings.PEOPLE_LINK_ON_SAVE = True
    settings.TASKS = IMMEDIATE
    second = petition_by({**HUNG, "name": "Nguyen Hung", "id_number": "186123456"}, "ha_noi")
    assert _person(second) == _person(first)
    other = petition_by({"name": "Phạm Thị Lan", "phone": "0987000111"})
    assert _person(other) not in (None, _person(first))
    assert Person.objects.count() == 2


def test_incremental_link_between_thresholds_waits_for_review(petition_by, settings):
    petition_by(MAI)
    registry.full_relink()
    settings.PEOPLE_LINK_ON_SAVE = True
    settings.TASKS = IMMEDIATE
    petition_by(MAI_AGAIN)
    assert LinkCandidate.objects.filter(status=LinkStatus.PENDING).count() == 1


def test_link_command_on_a_small_csv(tmp_path, petition_by):
    source = tmp_path / "in.csv"
    source.write_text(
        "record_id,full_name,date_of_birth,id_number,address,phone\n"
        "a1,Nguyễn Văn Hùng,15/08/1975,040075001234,\"Xóm 3, xã Nghi Lộc, Nghệ An\",0912345678\n"
        "a2,NGUYEN VAN HUNG,1975,,,+84 912 345 678\n"
        "a3,Đặng Thị Hồng,1968-02-01,186123456,,\n"
        "a4,Dang Thi Hong,01/02/1968,186123456,,\n"
        "a5,Nguyễn Văn Hùng,1990,040090009999,,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    call_command("link", str(source), "--output", str(out))
    rows = [line.split(",") for line in out.read_text().splitlines()]
    assert rows[0] == ["record_id", "cluster_id"]
    cluster = {r[0]: r[1] for r in rows[1:]}
    assert cluster["a1"] == cluster["a2"] != cluster["a5"]
    assert cluster["a3"] == cluster["a4"] != cluster["a1"]

    petition = petition_by(HUNG)
    registry.full_relink()
    call_command("link", str(source), "--output", str(out), "--against-registry")
    rows = [line.split(",") for line in out.read_text().splitlines()]
    assert rows[0] == ["record_id", "cluster_id", "person_id"]
    person = {r[0]: r[2] for r in rows[1:]}
    assert person["a1"] == person["a2"] == str(_person(petition).pk)
    assert person["a3"] == ""
