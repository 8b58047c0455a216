"""The calendar page and `/api/calendar/`: everyone reads, administrators change it, bad input
changes nothing; a change recomputes the open deadlines it moves, each with an event."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.core import jobs
from oversight.jobs.models import Job, JobStatus
from oversight.petitions.models import DeadlineChange, Petition, PetitionEvent
from oversight.workcalendar.models import WorkingDay

D = dt.date
URL = "/api/calendar/"


def test_everyone_reads_a_year(api, officer):
    r = api(officer).get(URL, {"year": 2026})
    assert r.status_code == 200
    days = {row["date"]: row for row in r.json()["results"]}
    assert days["2026-01-10"]["kind"] == "working_day"
    assert "12729/VPCP-KGVX" in days["2026-01-10"]["basis"]
    assert all(d.startswith("2026-") for d in days)
    assert api(officer).get(f"{URL}2026-01-02/").json()["kind"] == "day_off"
    assert api(officer).get(f"{URL}2026-01-05/").status_code == 404
    assert api(officer).get(URL, {"year": "abc"}).status_code == 400


def test_only_administrators_change_it(api, officer):
    r = api(officer).post(URL, {"date": "2027-05-03", "kind": "day_off", "basis": "1/TB"},
                          format="json")
    assert r.status_code == 403
    assert api(officer).delete(f"{URL}2026-01-10/").status_code == 403
    assert not WorkingDay.objects.filter(date=D(2027, 5, 3)).exists()
    assert WorkingDay.objects.filter(date=D(2026, 1, 10)).exists()
    assert not Job.objects.exists()


@pytest.mark.parametrize("body,field", [
    ({"kind": "day_off", "basis": "1/TB"}, "date"),
    ({"date": "2027-05-03", "kind": "holiday", "basis": "1/TB"}, "kind"),
    ({"date": "2027-05-03", "kind": "day_off", "basis": "  "}, "basis"),
    ({"date": "2027-05-03", "kind": "day_off"}, "basis"),
    ({"date": "2026-01-10", "kind": "working_day", "basis": "1/TB"}, "date"),  # listed
    ({"date": "2027-05-04", "kind": "working_day", "basis": "1/TB"}, "date"),  # a Tuesday
    ({"date": "2027-05-08", "kind": "day_off", "basis": "1/TB"}, "date"),  # a Saturday
    ({"date": "2027-13-01", "kind": "day_off", "basis": "1/TB"}, "date"),
])
def test_bad_input_names_the_field_and_changes_nothing(api, admin_user, body, field):
    before = WorkingDay.objects.count()
    r = api(admin_user).post(URL, body, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()
    assert WorkingDay.objects.count() == before and not Job.objects.exists()


def test_a_change_recomputes_the_deadlines_it_moves(api, admin_user, make_petition):
    # The calendar as it was before 12729/VPCP-KGVX was announced.
    WorkingDay.objects.filter(date__in=[D(2026, 1, 2), D(2026, 1, 10)]).delete()
    moved = make_petition(kind="denunciation", received_on=D(2025, 12, 25))
    assert moved.transfer_due == D(2026, 1, 2)
    untouched = make_petition(kind="denunciation", received_on=D(2025, 11, 3))
    closed = make_petition(kind="denunciation", received_on=D(2025, 12, 26))
    Petition.objects.filter(pk=closed.pk).update(status="filed")

    r = api(admin_user).post(URL, {"date": "2026-01-02", "kind": "day_off",
                                   "basis": "12729/VPCP-KGVX"}, format="json")
    assert r.status_code == 201, r.json()
    job = Job.objects.get(pk=r.json()["job"])
    assert job.name == "calendar_recompute" and job.created_by == admin_user
    assert jobs.execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result["moved"] == 1 and job.done == job.total

    moved.refresh_from_db()
    assert moved.transfer_due == D(2026, 1, 5)
    event = PetitionEvent.objects.get(petition=moved, kind="deadline_moved")
    assert "02/01/2026" in event.note and "05/01/2026" in event.note
    assert "12729/VPCP-KGVX" in event.note
    history = DeadlineChange.objects.get(petition=moved, field="transfer_due", cause="calendar")
    assert (history.old, history.new) == (D(2026, 1, 2), D(2026, 1, 5))
    assert not PetitionEvent.objects.filter(petition__in=[untouched, closed],
                                            kind="deadline_moved").exists()
    assert Petition.objects.get(pk=closed.pk).transfer_due == closed.transfer_due

    again = jobs.enqueue("calendar_recompute", admin_user, date="2026-01-02", basis="x")
    assert jobs.execute(again.pk) == JobStatus.DONE
    assert PetitionEvent.objects.filter(kind="deadline_moved").count() == 1  # idempotent

    r = api(admin_user).delete(f"{URL}2026-01-02/")
    assert r.status_code == 200
    assert jobs.execute(r.json()["job"]) == JobStatus.DONE
    moved.refresh_from_db()
    assert moved.transfer_due == D(2026, 1, 2)
    assert PetitionEvent.objects.filter(petition=moved, kind="deadline_moved").count() == 2


def test_delete_on_the_collection(api, admin_user):
    r = api(admin_user).delete(URL, {"date": "2026-01-10"}, format="json")
    assert r.status_code == 200 and r.json()["date"] == "2026-01-10"
    assert not WorkingDay.objects.filter(date=D(2026, 1, 10)).exists()
    assert api(admin_user).delete(URL, {"date": "2026-01-10"}, format="json").status_code == 400
