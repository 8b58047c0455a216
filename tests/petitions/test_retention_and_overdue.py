"""Filed petitions kept a year then listed for destruction; the daily overdue job."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from oversight.core import jobs
from oversight.core.errors import RuleError
from oversight.core.models import Notification
from oversight.jobs.models import Job
from oversight.petitions import actions
from oversight.petitions.models import Petition


def filed(make_petition, checklist, on=dt.date(2024, 3, 5)):
    p = make_petition(received_on=on - dt.timedelta(days=2))
    p = actions.classify(p, by=None, checklist=checklist(p.kind), on=on,
                         repeat_of_settled=True)
    return actions.file(p, by=None, on=on)


def test_due_for_destruction_after_one_year(make_petition, checklist):
    p = filed(make_petition, checklist)
    assert not Petition.objects.due_for_destruction(dt.date(2025, 3, 4)).exists()
    assert list(Petition.objects.due_for_destruction(dt.date(2025, 3, 5))) == [p]


def test_record_destruction_keeps_the_row(make_petition, checklist, nghean):
    p = filed(make_petition, checklist)
    with pytest.raises(RuleError):
        actions.record_destruction([p], by=nghean, decision="")
    n = actions.record_destruction([p], by=nghean, decision="QĐ 12/QĐ-BNC ngày 10/3/2025",
                                   on=dt.date(2025, 3, 10))
    p.refresh_from_db()
    assert n == 1 and p.destroyed_on == dt.date(2025, 3, 10)
    assert p.events.filter(kind="destroyed").exists()
    assert not Petition.objects.due_for_destruction(dt.date(2025, 3, 11)).exists()


def test_recent_filed_cannot_be_destroyed(make_petition, checklist, nghean):
    p = filed(make_petition, checklist, on=dt.date.today() - dt.timedelta(days=10))
    with pytest.raises(RuleError) as e:
        actions.record_destruction([p], by=nghean, decision="QĐ 1")
    assert e.value.field == "petitions"


def test_api_destruction(make_petition, checklist, api, nghean):
    p = filed(make_petition, checklist)
    c = api(nghean)
    assert [r["id"] for r in c.get("/api/petitions/due-for-destruction/").json()["results"]] \
        == [p.pk]
    r = c.post("/api/petitions/record-destruction/", {"petitions": [p.pk], "decision": "QĐ 5"},
               format="json")
    assert r.status_code == 200 and r.json() == {"destroyed": 1}


def test_mark_overdue_notifies_assignee_once(make_petition, nghean):
    p = make_petition(received_on=dt.date(2025, 3, 3))
    actions.assign(p, by=None, assignee=nghean)
    call_command("mark_overdue", today="2025-03-20", stdout=io.StringIO())
    p.refresh_from_db()
    assert p.overdue_marked_on == dt.date(2025, 3, 20)
    assert Notification.objects.filter(user=nghean, read=False, kind="overdue").count() == 1
    assert p.events.filter(kind="overdue").count() == 1
    call_command("mark_overdue", today="2025-03-21", stdout=io.StringIO())
    assert Notification.objects.filter(user=nghean, kind="overdue").count() == 1


def _mark_overdue(day: dt.date) -> int:
    """The one path: the job `overdue` (run here, as `oversight mark_overdue` does)."""
    return jobs.run("overdue", None, today=day.isoformat()).result["marked"]


def test_not_overdue_before_the_deadline(make_petition):
    make_petition(kind="reflection", received_on=dt.date(2025, 3, 3))  # processing due 17/3
    assert _mark_overdue(dt.date(2025, 3, 17)) == 0
    assert _mark_overdue(dt.date(2025, 3, 18)) == 1


def test_enqueue_through_the_database_backend(make_petition,
                                              django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        call_command("mark_overdue", "--enqueue", stdout=io.StringIO())
    # the daily run is three jobs, queued by the System (no user), each handed to the worker
    assert DBTaskResult.objects.count() == 3
    assert [(j.name, j.status, j.created_by_id) for j in Job.objects.order_by("id")] == [
        ("housekeeping", "queued", None), ("overdue", "queued", None),
        ("escalation", "queued", None)]
    with translation.override("en"):
        assert Job.objects.order_by("id").first().starter == "System"


def test_the_daily_run_is_the_overdue_job_and_nothing_else(make_petition, nghean):
    """Overdue marking has one path: the command runs the job `overdue` (recorded on the jobs
    page, by the System), not a task of its own."""
    p = make_petition(received_on=dt.date(2025, 3, 3))
    actions.assign(p, by=None, assignee=nghean)
    call_command("mark_overdue", today="2025-03-20", stdout=io.StringIO())
    job = Job.objects.get(name="overdue")
    assert (job.status, job.created_by, job.result["marked"], job.done, job.total) == (
        "done", None, 1, 1, 1)
    assert job.params == {"today": "2025-03-20"}


def test_notifications_page_and_badge(make_petition, nghean, web):
    Notification.objects.create(user=nghean, text="Đơn quá hạn", link="/petitions/")
    page = web(nghean).get("/petitions/notifications/")
    assert "Đơn quá hạn" in page.content.decode()
    dash = web(nghean).get("/")
    assert 'text-bg-danger">1<' in dash.content.decode()
