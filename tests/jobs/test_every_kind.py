"""Every kind of background work runs through the one job runner (issue 18): the escalation
steps, the deadlines after a calendar change, the registry's re-link and the daily
housekeeping record their progress on the job, stop between two chunks when cancelled (the
chunk under way finishes whole, nothing after it runs) and are retried after a failing chunk
(the failed chunk rolled back, nothing applied twice). Overdue marking, reports and exports:
tests/jobs/test_jobs.py. Control: the same run without a cancel or a failure applies all.

Each kind below says how to set up work for three chunks, which function does one chunk's
work (spied on), and how much work is applied (counted in the database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from oversight.core import jobs
from oversight.jobs import definitions
from oversight.jobs.models import Job, JobStatus
from oversight.people.choices import RunStatus
from oversight.people.models import LinkRun, Mention
from oversight.petitions.models import Petition, PetitionEvent
from oversight.portal.models import Counter
from oversight.workcalendar.models import EscalationFired, WorkingDay

D = dt.date


@dataclass
class Kind:
    name: str
    params: dict
    spied: tuple  # (module, attribute): the function doing one chunk's work
    applied: Callable[[], int]  # work applied so far, counted in the database
    total: int  # work applied by a whole run
    after_first: int  # work applied once the first chunk is done


def _escalation(request):
    from oversight.accounts.roles import Role
    from oversight.petitions import actions
    from oversight.workcalendar import escalation

    make_user, make_petition = (request.getfixturevalue("make_user"),
                                request.getfixturevalue("make_petition"))
    officer = make_user("can_bo", "nghe_an")
    make_user("truong_ban", "nghe_an", roles=(Role.HEAD,))
    for i in range(3):
        p = make_petition(kind="complaint", subject=f"Đơn {i}", received_on=D(2025, 12, 15))
        actions.assign(p, by=None, assignee=officer)
        Petition.objects.filter(pk=p.pk).update(next_due=D(2026, 1, 5))
    request.getfixturevalue("monkeypatch").setattr(definitions, "ESCALATION_CHUNK", 1)
    return Kind("escalation", {"today": "2026-01-06"}, (escalation, "fire"),
                EscalationFired.objects.count, 3, 1)


def _calendar_recompute(request):
    from oversight.petitions import actions

    make_petition = request.getfixturevalue("make_petition")
    # The calendar as it was before 12729/VPCP-KGVX was announced, three deadlines on 2/1.
    WorkingDay.objects.filter(date__in=[D(2026, 1, 2), D(2026, 1, 10)]).delete()
    for i in range(3):
        p = make_petition(kind="denunciation", subject=f"Tố cáo {i}",
                          received_on=D(2025, 12, 25))
        assert p.transfer_due == D(2026, 1, 2)
    WorkingDay.objects.create(date=D(2026, 1, 2), kind="day_off", basis="12729/VPCP-KGVX")
    request.getfixturevalue("monkeypatch").setattr(definitions, "CHUNK", 1)
    return Kind("calendar_recompute", {"date": "2026-01-02", "basis": "12729/VPCP-KGVX"},
                (actions, "apply_calendar_change"),
                PetitionEvent.objects.filter(kind="deadline_moved").count, 3, 1)


def _relink(request):
    """The re-link's chunks are its steps: the mentions' sync, the persons' assignment, the
    review queue. Applied work: the mentions linked to a person."""
    from oversight.people import mentions
    from tests.people.conftest import HUNG

    petition_by = request.getfixturevalue("petition_by")
    petition_by(HUNG)
    petition_by({**HUNG, "name": "NGUYEN VAN HUNG", "id_number": ""}, "ha_noi")
    petition_by({"name": "Trần Thị Mai", "id_number": "040180001111"})
    return Kind("relink", {}, (mentions, "sync_all"),
                Mention.objects.exclude(person=None).count, 3, 0)


def _housekeeping(request):
    from django.utils import timezone

    from oversight.portal import limits

    old = timezone.now() - dt.timedelta(days=3)
    for key in ("a", "b", "c"):
        Counter.objects.create(bucket="report", key=key, count=1, window=old)
    return Kind("housekeeping", {}, (limits, "purge"),
                lambda: 3 - Counter.objects.count(), 3, 3)


KINDS = {"escalation": _escalation, "calendar_recompute": _calendar_recompute,
         "relink": _relink, "housekeeping": _housekeeping}


@pytest.fixture(params=sorted(KINDS))
def kind(request, db, admin_user) -> Kind:
    return KINDS[request.param](request)


def _spy(monkeypatch, kind: Kind, around):
    module, attribute = kind.spied
    real = getattr(module, attribute)
    calls = {"n": 0}

    def spy(*args, **kwargs):
        calls["n"] += 1
        return around(calls["n"], lambda: real(*args, **kwargs))

    monkeypatch.setattr(module, attribute, spy)
    return calls


def test_each_kind_records_its_progress(kind, admin_user, monkeypatch):
    seen = []

    def record(n, call):
        seen.append(Job.objects.get().done)  # what the chunks before this one committed
        return call()

    calls = _spy(monkeypatch, kind, record)
    job = jobs.enqueue(kind.name, admin_user, **kind.params)
    assert jobs.execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert calls["n"] >= 1 and seen[0] == 0
    assert job.total > 0 and job.done == job.total and job.percent == 100
    assert job.attempts == 1 and job.created_by == admin_user
    assert kind.applied() == kind.total  # control for the cancel below: a whole run does all


def test_each_kind_stops_between_chunks_when_cancelled(kind, admin_user, monkeypatch):
    job = jobs.enqueue(kind.name, admin_user, **kind.params)

    def cancel_during_the_first(n, call):
        result = call()
        if n == 1:
            jobs.request_cancel(Job.objects.get(pk=job.pk))  # the user clicks Cancel
        return result

    _spy(monkeypatch, kind, cancel_during_the_first)
    if kind.name == "housekeeping":  # two chunks: the counters, then the disclosures
        from oversight.identity import keys

        monkeypatch.setattr(keys, "expire_disclosures", _must_not_run)
    assert jobs.execute(job.pk) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and 0 < job.done < job.total
    # the chunk under way finished whole; nothing after it ran
    assert kind.applied() == kind.after_first


def _must_not_run(*args, **kwargs):
    raise AssertionError("a chunk ran after the cancel")


def test_each_kind_retries_a_failing_chunk(kind, admin_user, monkeypatch):
    def fail_once(n, call):
        result = call()
        if n == 1:
            raise ConnectionError("the worker lost the database mid-chunk")
        return result

    _spy(monkeypatch, kind, fail_once)
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)  # the worker's queue
    job = jobs.enqueue(kind.name, admin_user, **kind.params)
    assert jobs.execute(job.pk) == JobStatus.QUEUED  # failed, queued again
    job.refresh_from_db()
    assert "ConnectionError" in job.message and job.attempts == 1
    assert kind.applied() == 0  # the failing chunk was rolled back
    assert jobs.execute(job.pk) == JobStatus.DONE, Job.objects.get(pk=job.pk).message
    job.refresh_from_db()
    assert job.attempts == 2 and job.done == job.total
    assert kind.applied() == kind.total  # all of it, once


def test_a_link_run_is_its_job(petition_by, nghean, api):
    """The run's status, progress, error and starter are its job's; the people pages and the
    API read them from there; the job is on the starter's jobs page."""
    from oversight.people import actions
    from tests.people.conftest import HUNG

    petition_by(HUNG)
    run = actions.start_relink(by=nghean)
    assert run.status == RunStatus.QUEUED and run.progress == 0 and run.started_by == nghean
    assert Job.objects.get().name == "relink"
    assert jobs.execute(run.job_id) == JobStatus.DONE
    run = LinkRun.objects.get(pk=run.pk)
    assert (run.status, run.progress, run.error, run.mentions) == (RunStatus.DONE, 100, "", 1)
    body = api(nghean).get(f"/api/link-runs/{run.pk}/").json()
    assert (body["status"], body["progress"], body["started_by"], body["job"]) == (
        "done", 100, str(nghean), run.job_id)
    listed = api(nghean).get("/api/jobs/").json()["results"]
    assert [(j["name"], j["started_by"]) for j in listed] == [("relink", str(nghean))]


def test_a_failed_link_run_shows_the_jobs_error(petition_by, nghean, monkeypatch):
    from oversight.people import actions
    from oversight.people.linking import engine
    from tests.people.conftest import HUNG

    def broken(*args, **kwargs):
        raise RuntimeError("Splink broke")

    petition_by(HUNG)
    monkeypatch.setattr(engine, "predict", broken)
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)
    run = actions.start_relink(by=nghean)
    statuses = [jobs.execute(run.job_id) for _ in range(run.job.max_attempts)]
    assert statuses == [JobStatus.QUEUED] * (len(statuses) - 1) + [JobStatus.FAILED]
    run = LinkRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.FAILED and "RuntimeError: Splink broke" in run.error


def test_the_daily_run_is_on_the_jobs_page_started_by_the_system(admin_user, nghean, api,
                                                                  web):
    from oversight.ops.tasks import daily

    rows = daily(now=True)
    assert [(r.name, r.status, r.created_by) for r in rows] == [
        ("housekeeping", "done", None), ("overdue", "done", None), ("escalation", "done", None)]
    mine = jobs.run("search_rebuild", admin_user)  # control: a user's job names the user
    listed = api(admin_user).get("/api/jobs/").json()["results"]
    system = "Hệ thống"  # "System", in the site's language
    assert {(j["name"], j["started_by"]) for j in listed} == {
        ("housekeeping", system), ("overdue", system), ("escalation", system),
        ("search_rebuild", str(admin_user))}
    page = web(admin_user).get("/jobs/").content.decode()
    assert page.count(f"<td>{system}</td>") == 3
    assert f'href="/jobs/{mine.pk}/"' in page
    assert api(nghean).get("/api/jobs/").json()["results"] == []  # not an administrator's
