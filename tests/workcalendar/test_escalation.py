"""Escalation as data (issue 14): the steps of the `EscalationStep` table fire once per record
and deadline, on the official calendar, with a notice to each recipient and an event; `oversight
escalate --dry-run` prints what would fire and changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from oversight.accounts.roles import Role
from oversight.core.models import Notification
from oversight.petitions.models import Petition, PetitionEvent
from oversight.units.models import Unit
from oversight.workcalendar import escalation
from oversight.workcalendar.models import EscalationFired, EscalationStep

D = dt.date
pytestmark = pytest.mark.django_db
DUE = D(2026, 1, 5)  # Monday; Thursday 1/1 a holiday, Friday 2/1 off (12729/VPCP-KGVX)


@pytest.fixture
def people(make_user):
    nghe_an = Unit.objects.get(code="nghe_an")
    central = Unit.objects.get(code="central")
    assert nghe_an.parent_id == central.pk  # the superior body of a provincial committee
    return {
        "officer": make_user("can_bo", "nghe_an"),
        "head": make_user("truong_ban", "nghe_an", roles=(Role.HEAD,)),
        "central_head": make_user("tw_lanh_dao", "central", roles=(Role.HEAD,)),
        "other_head": make_user("qt_lanh_dao", "quang_tri", roles=(Role.HEAD,)),
    }


@pytest.fixture
def petition(make_petition, people):
    from oversight.petitions import actions

    p = make_petition(kind="complaint", received_on=D(2025, 12, 15))
    actions.assign(p, by=None, assignee=people["officer"])
    Petition.objects.filter(pk=p.pk).update(next_due=DUE)
    return Petition.objects.get(pk=p.pk)


def told(user) -> list[str]:
    """The escalation notices of `user` (assigning a record tells the assignee too)."""
    return list(Notification.objects.filter(user=user, kind="escalated")
                .values_list("text", flat=True))


def codes(fired) -> list[str]:
    return sorted(p.step.code for p in fired)


def test_the_defaults_are_loaded_with_their_basis():
    steps = EscalationStep.objects.all()
    assert {(s.subject, s.offset, s.recipient) for s in steps} == {
        (subject, offset, recipient) for subject in ("petition", "direction", "recommendation")
        for offset, recipient in ((-3, "assignee"), (1, "unit_head"), (5, "superior"))}
    assert all("Quy chế làm việc" in s.basis and s.label_vi and s.label_en for s in steps)


def test_reminder_three_working_days_before_on_the_official_calendar(petition, people):
    # 29/12 (Mon) has 30/12, 31/12 and 5/1 left: three working days, since 1/1 and 2/1 are off
    assert escalation.apply(D(2025, 12, 26)) == []  # four left
    fired = escalation.apply(D(2025, 12, 29))
    assert codes(fired) == ["petition-remind-assignee-3"]
    [text] = told(people["officer"])
    assert "05/01/2026" in text and "3" in text
    notice = Notification.objects.get(user=people["officer"], kind="escalated")
    assert notice.kind == "escalated" and notice.record_type == "petitions.petition"
    assert notice.record_id == petition.pk and notice.link == f"/petitions/{petition.pk}/"
    assert told(people["head"]) == []
    event = PetitionEvent.objects.get(petition=petition, kind="escalated")
    assert event.changes["step"] == "petition-remind-assignee-3"
    assert event.changes["told"] == [people["officer"].pk]


def test_each_step_fires_once(petition, people):
    assert len(escalation.apply(D(2025, 12, 29))) == 1
    assert escalation.apply(D(2025, 12, 29)) == []
    assert escalation.apply(D(2025, 12, 30)) == []
    assert len(told(people["officer"])) == 1
    assert PetitionEvent.objects.filter(petition=petition, kind="escalated").count() == 1
    # control: the fired row is what stops a repeat
    EscalationFired.objects.all().delete()
    assert len(escalation.apply(D(2025, 12, 30))) == 1


def test_head_the_day_after_and_superior_after_five_working_days(petition, people):
    assert codes(escalation.apply(D(2026, 1, 5))) == ["petition-remind-assignee-3"]  # late
    fired = escalation.apply(D(2026, 1, 6))
    assert codes(fired) == ["petition-head-1"]
    assert len(told(people["head"])) == 1
    # 6, 7, 8, 9 January and Saturday 10/1/2026, a working day (12729/VPCP-KGVX): the fifth
    assert escalation.apply(D(2026, 1, 9)) == []
    fired = escalation.apply(D(2026, 1, 10))
    assert codes(fired) == ["petition-superior-5"]
    # the central head may not open a Nghệ An petition: told that it is late, not what it is
    [text] = told(people["central_head"])
    assert "Ban Nội chính Tỉnh ủy Nghệ An" in text and "05/01/2026" in text
    assert petition.subject not in text
    assert Notification.objects.get(user=people["central_head"]).link == ""
    assert told(people["other_head"]) == []
    steps = set(PetitionEvent.objects.filter(petition=petition, kind="escalated")
                .values_list("changes__step", flat=True))
    assert {"petition-head-1", "petition-superior-5"} <= steps


def test_nothing_fires_on_a_day_off(petition):
    assert escalation.apply(D(2026, 1, 3)) == []  # Saturday
    assert escalation.apply(D(2026, 1, 2)) == []  # the announced day off
    assert escalation.plan(D(2026, 1, 6))  # control: the next working day something does


def test_a_long_overdue_backlog_does_not_flood(petition):
    Petition.objects.filter(pk=petition.pk).update(next_due=D(2025, 6, 2))
    assert escalation.apply(D(2026, 1, 6)) == []


def test_a_moved_deadline_is_a_new_deadline(petition, people):
    escalation.apply(D(2025, 12, 29))
    Petition.objects.filter(pk=petition.pk).update(next_due=D(2026, 1, 20))
    assert escalation.apply(D(2026, 1, 6)) == []  # no longer overdue, not yet near
    assert codes(escalation.apply(D(2026, 1, 15))) == ["petition-remind-assignee-3"]
    assert EscalationFired.objects.filter(object_id=petition.pk).count() == 2
    assert PetitionEvent.objects.filter(petition=petition, kind="escalated").count() == 2
    # both ran within one real day here, and an unread notice about the same record that day
    # is brought up to date rather than repeated (core.notify): it names the new deadline
    assert [t for t in told(people["officer"]) if "20/01/2026" in t]


def test_the_steps_are_data(petition, people):
    step = EscalationStep.objects.get(code="petition-remind-assignee-3")
    step.offset = -5
    step.save()
    assert escalation.apply(D(2025, 12, 24)) == []  # six left: 25, 26, 29, 30, 31/12, 5/1
    assert codes(escalation.apply(D(2025, 12, 25))) == ["petition-remind-assignee-3"]
    EscalationStep.objects.filter(code="petition-head-1").update(active=False)
    assert escalation.apply(D(2026, 1, 6)) == []
    EscalationStep.objects.create(code="petition-unit-head-0", subject="petition", offset=0,
                                  recipient="unit_head", label_vi="Báo lãnh đạo đúng hạn",
                                  label_en="Tell the head on the day", basis="Thử")
    assert codes(escalation.apply(D(2026, 1, 5))) == ["petition-unit-head-0"]


def test_a_petition_without_assignee_reminds_the_heads(petition, people):
    Petition.objects.filter(pk=petition.pk).update(assignee=None)
    escalation.apply(D(2025, 12, 29))
    assert len(told(people["head"])) == 1 and told(people["officer"]) == []


def test_a_closed_or_suspended_petition_is_not_escalated(petition):
    Petition.objects.filter(pk=petition.pk).update(next_due=None)
    assert escalation.apply(D(2025, 12, 29)) == []


def test_a_centrally_monitored_direction_goes_to_the_central_commission(
        make_matter, make_direction, people):
    central_matter = make_matter("nghe_an", monitoring_level="central_commission")
    provincial = make_matter("nghe_an", title="Vụ tỉnh", monitoring_level="provincial")
    a = make_direction(matter=central_matter, issued_on=D(2025, 12, 1), due_on=DUE)
    b = make_direction(matter=provincial, issued_on=D(2025, 12, 1), due_on=DUE)
    fired = escalation.apply(D(2026, 1, 10))
    by_record = {(p.target.object_id, p.step.code): p.users for p in fired}
    assert by_record[(a.pk, "direction-superior-5")] == [people["central_head"]]
    assert by_record[(b.pk, "direction-superior-5")] == [people["central_head"]]  # parent
    # the head of the issuing unit the day after (caught up on the 10th)
    assert by_record[(a.pk, "direction-head-1")] == [people["head"]]
    assert EscalationFired.objects.filter(subject="direction", object_id=a.pk).count() == 2
    # a direction done is not escalated
    from oversight.matters import actions

    c = make_direction(matter=provincial, issued_on=D(2025, 12, 1), due_on=D(2026, 1, 8))
    actions.answer_direction(c, by=None, reply="Đã xong", done_on=D(2026, 1, 7))
    assert not [p for p in escalation.plan(D(2026, 1, 12)) if p.target.object_id == c.pk
                and p.target.subject == "direction"]


def test_a_recommendation_reminds_the_inspecting_unit(people):
    from oversight.committees import actions

    inspection = actions.create_inspection(
        by=None, unit=Unit.objects.get(code="nghe_an"), topic="Kiểm tra",
        period_start=D(2025, 10, 1), period_end=D(2025, 11, 15), status="ongoing")
    rec = actions.add_recommendation(inspection, by=None, text="Khắc phục", due_on=DUE)
    fired = escalation.apply(D(2025, 12, 29))
    assert [(p.target.object_id, p.step.code) for p in fired] == [
        (rec.pk, "recommendation-remind-assignee-3")]
    assert {u.username for u in fired[0].users} == {"can_bo", "truong_ban"}
    notice = Notification.objects.filter(kind="escalated").first()
    assert notice.link == f"/inspections/{inspection.pk}/"


def test_dry_run_prints_and_changes_nothing(petition, people):
    out = io.StringIO()
    call_command("escalate", "--dry-run", "--today", "2026-01-06", stdout=out)
    text = out.getvalue()
    assert f"petition #{petition.pk}" in text and "petition-head-1" in text
    assert "truong_ban" in text and "[dry run]" in text
    assert petition.subject not in text  # ids only, no contents on the console
    assert EscalationFired.objects.count() == 0
    assert not Notification.objects.filter(kind="escalated").exists()
    # control: without --dry-run the same call fires
    call_command("escalate", "--today", "2026-01-06", stdout=io.StringIO())
    assert EscalationFired.objects.count() == 1 and len(told(people["head"])) == 1


def test_escalate_on_a_day_off_says_so():
    out = io.StringIO()
    call_command("escalate", "--today", "2026-01-02", stdout=out)
    assert "not a working day" in out.getvalue()


def test_the_daily_task_escalates(petition, people):
    call_command("mark_overdue", "--today", "2026-01-06", stdout=io.StringIO())
    assert EscalationFired.objects.filter(step__code="petition-head-1").count() == 1


def test_the_record_pages_show_the_steps_fired(web, make_direction, people):
    from oversight.committees import actions

    direction = make_direction(issued_on=D(2025, 12, 1), due_on=DUE)
    inspection = actions.create_inspection(
        by=None, unit=Unit.objects.get(code="nghe_an"), topic="Kiểm tra",
        period_start=D(2025, 10, 1), period_end=D(2025, 11, 15), status="ongoing")
    actions.add_recommendation(inspection, by=None, text="Khắc phục", due_on=DUE)
    client = web(people["officer"])
    page = client.get(f"/directions/{direction.pk}/").content.decode()
    assert 'id="escalations"' not in page  # control: nothing fired yet
    escalation.apply(D(2026, 1, 6))
    page = client.get(f"/directions/{direction.pk}/").content.decode()
    assert 'id="escalations"' in page and "06/01/2026" in page and "05/01/2026" in page
    step = EscalationStep.objects.get(code="direction-head-1")
    assert step.label_vi in page
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert EscalationStep.objects.get(code="recommendation-head-1").label_vi in page


def test_a_direction_reminds_its_assignee(make_direction, people):
    from oversight.matters.models import Direction

    direction = make_direction(issued_on=D(2025, 12, 1), due_on=DUE)
    Direction.objects.filter(pk=direction.pk).update(assignee=people["officer"])
    fired = escalation.apply(D(2025, 12, 29))
    assert [(p.step.code, p.users) for p in fired] == [
        ("direction-remind-assignee-3", [people["officer"]])]
    assert Notification.objects.get(user=people["officer"], kind="escalated"
                                    ).record_type == "matters.direction"
