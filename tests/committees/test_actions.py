"""The rules of the committees' actions, called directly."""

import datetime as dt

import pytest

from oversight.committees import actions
from oversight.core.errors import RuleError
from oversight.matters.models import Direction
from oversight.units.models import Cluster

D = dt.date


def _refused(field, call, *args, **kwargs):
    with pytest.raises(RuleError) as error:
        call(*args, **kwargs)
    assert error.value.field == field, error.value.message
    return error.value


def test_conclusion_directions_are_linked_and_issued_by_the_meeting(make_meeting, unit):
    meeting = make_meeting(body="standing_body")
    police = unit("nghe_an")  # its own province's body (a unit addresses no other province)
    conclusion = actions.add_conclusion(meeting, by=None, text="Khẩn trương kết thúc điều tra",
                                        directions=[
                                            {"addressee": police, "due_on": D(2024, 4, 30)},
                                            {"addressee": police, "due_on": D(2099, 1, 1),
                                             "text": "Báo cáo kết quả"}])
    directions = list(conclusion.directions.order_by("due_on"))
    assert len(directions) == 2
    first = directions[0]
    assert first.unit == meeting.unit and first.issued_on == meeting.held_on
    assert first.issuing_body == "standing_body" and first.text == conclusion.text
    assert [d.current_status() for d in directions] == ["overdue", "open"]
    assert Direction.objects.filter(conclusion__meeting=meeting).count() == 2


def test_direction_due_before_the_meeting_is_refused(make_meeting, unit):
    meeting = make_meeting()
    _refused("due_on", actions.add_conclusion, meeting, by=None, text="x",
             directions=[{"addressee": unit("nghe_an"), "due_on": D(2024, 3, 1)}])
    assert not meeting.conclusions.exists()  # the whole conclusion is rolled back


def test_meeting_rules(make_meeting):
    _refused("held_on", make_meeting, held_on=D(2099, 1, 1))
    _refused("title", make_meeting, title=" ")


def test_agenda_links_only_records_the_user_may_change(make_meeting, make_matter, nghean):
    meeting = make_meeting()
    own, other = make_matter("nghe_an"), make_matter("ha_noi")
    _refused("matters", actions.add_agenda_item, meeting, by=nghean, title="Vụ án",
             matters=[own, other])
    item = actions.add_agenda_item(meeting, by=nghean, title="Vụ án", matters=[own])
    assert list(item.matters.all()) == [own]


def test_recommendation_due_before_the_inspection_starts_is_refused(make_inspection):
    inspection = make_inspection()
    _refused("due_on", actions.add_recommendation, inspection, by=None, text="Khắc phục",
             due_on=D(2024, 3, 31))
    rec = actions.add_recommendation(inspection, by=None, text="Khắc phục",
                                     due_on=D(2024, 4, 1))
    assert rec.current_status(today=D(2024, 4, 2)) == "overdue"
    rec = actions.follow_up(rec, by=None, status="done", done_on=D(2024, 4, 20), notes="Xong")
    assert rec.current_status(today=D(2024, 5, 1)) == "done"
    _refused("done_on", actions.follow_up, rec, by=None, status="done", done_on=D(2024, 3, 1))
    _refused("status", actions.follow_up, rec, by=None, status="overdue")


def test_inspection_rules(make_inspection):
    _refused("period_end", make_inspection, period_end=D(2024, 3, 1))
    _refused("concluded_on", make_inspection, status="concluded")
    _refused("concluded_on", make_inspection, status="concluded", concluded_on=D(2024, 3, 1))
    _refused("concluded_on", make_inspection, status="ongoing", concluded_on=D(2024, 5, 1))
    done = make_inspection(status="concluded", concluded_on=D(2024, 5, 20))
    assert done.concluded_on == D(2024, 5, 20)
    actions.add_recommendation(done, by=None, text="x", due_on=D(2024, 4, 10))
    _refused("period_start", actions.update_inspection, done, by=None,
             period_start=D(2024, 4, 15))


def test_a_finding_opens_a_matter_and_an_information_source(make_inspection, nghean):
    inspection = make_inspection()
    finding = actions.add_finding(inspection, by=nghean, text="Sai phạm đất đai",
                                  severity="serious")
    matter = actions.open_matter(finding, by=nghean, monitored_from=D(2024, 5, 1))
    petition = actions.open_information_source(finding, by=nghean, received_on=D(2024, 5, 2))
    finding.refresh_from_db()
    assert finding.matter == matter and matter.responsible_unit == inspection.unit
    assert finding.petition == petition
    assert petition.kind == "reflection" and petition.anonymous and petition.channel == "post"
    assert petition.content == "Sai phạm đất đai"
    _refused("matter", actions.open_matter, finding, by=nghean)
    _refused("petition", actions.open_information_source, finding, by=nghean)


def test_target_rules(unit):
    cluster = Cluster.objects.get(code="cluster_ii")
    args = dict(by=None, cluster=cluster, year=2025, target=3)
    _refused("unit", actions.register_target, unit=unit("quang_tri"), indicator="meetings",
             **args)
    _refused("indicator", actions.register_target, unit=unit("nghe_an"), indicator="nope",
             **args)
    _refused("indicator", actions.register_target, unit=unit("nghe_an"),
             indicator="recovery_rate", **args)
    _refused("target", actions.register_target, unit=unit("nghe_an"), indicator="meetings",
             **{**args, "target": 0})
    first = actions.register_target(unit=unit("nghe_an"), indicator="meetings", **args)
    again = actions.register_target(unit=unit("nghe_an"), indicator="meetings",
                                    **{**args, "target": 5})
    assert first.pk == again.pk and again.target == 5


def test_document_and_project_rules(unit):
    nghe_an = unit("nghe_an")
    _refused("issued_on", actions.save_document, by=None, unit=nghe_an, kind="plan",
             title="Kế hoạch", status="issued")
    _refused("submitted_on", actions.save_project, by=None, unit=nghe_an, title="Đề án",
             status="submitted")
    _refused("approved_on", actions.save_project, by=None, unit=nghe_an, title="Đề án",
             status="approved", submitted_on=D(2024, 5, 1), approved_on=D(2024, 4, 1))
    project = actions.save_project(by=None, unit=nghe_an, title="Đề án", status="approved",
                                   submitted_on=D(2024, 5, 1), approved_on=D(2024, 6, 1))
    assert project.pk
