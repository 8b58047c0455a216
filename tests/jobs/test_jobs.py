"""Background jobs: progress, cancel at a chunk boundary, retry after a crash, reports
downloadable by the user who asked, per-user visibility (another user's job is 404)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.test import override_settings

from oversight.core import jobs
from oversight.jobs import definitions
from oversight.jobs.models import Job, JobStatus
from oversight.petitions import actions
from oversight.petitions.choices import EventKind
from oversight.petitions.models import Petition, PetitionEvent

TODAY = dt.date(2025, 6, 30)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def overdue_petitions(make_petition):
    return [make_petition(subject=f"Đơn {i}", received_on=dt.date(2025, 3, 3))
            for i in range(5)]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(definitions, "CHUNK", 2)


def _overdue_events():
    return PetitionEvent.objects.filter(kind=EventKind.OVERDUE).count()


def test_progress_is_recorded(overdue_petitions, small_chunks, admin_user, monkeypatch):
    seen = []
    real = actions.mark_overdue_chunk

    def spy(ids, today=None):
        seen.append(Job.objects.get().done)  # progress committed by the previous chunks
        return real(ids, today)

    monkeypatch.setattr(actions, "mark_overdue_chunk", spy)
    job = jobs.enqueue("overdue", admin_user, today=TODAY.isoformat())
    assert jobs.execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.done, job.total, job.percent, job.attempts) == (5, 5, 100, 1)
    assert seen == [0, 2, 4]
    assert job.result["marked"] == 5
    assert _overdue_events() == 5


def test_cancel_stops_at_a_chunk_boundary(overdue_petitions, small_chunks, admin_user,
                                          monkeypatch):
    real = actions.mark_overdue_chunk
    job = jobs.enqueue("overdue", admin_user, today=TODAY.isoformat())

    def cancel_during_first_chunk(ids, today=None):
        result = real(ids, today)
        jobs.request_cancel(Job.objects.get(pk=job.pk))  # the user clicks Cancel meanwhile
        return result

    monkeypatch.setattr(actions, "mark_overdue_chunk", cancel_during_first_chunk)
    assert jobs.execute(job.pk) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.done == 2
    # the chunk in progress finished whole, nothing after it ran
    assert Petition.objects.filter(overdue_marked_on__isnull=False).count() == 2
    assert _overdue_events() == 2


@override_settings(TASKS=IMMEDIATE)
def test_a_crash_is_retried_and_the_result_is_consistent(
        overdue_petitions, small_chunks, admin_user, monkeypatch,
        django_capture_on_commit_callbacks):
    real = actions.mark_overdue_chunk
    calls = {"n": 0}

    def crash_once(ids, today=None):
        calls["n"] += 1
        result = real(ids, today)
        if calls["n"] == 2:
            raise ConnectionError("worker lost the database mid-chunk")
        return result

    monkeypatch.setattr(actions, "mark_overdue_chunk", crash_once)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue("overdue", admin_user, today=TODAY.isoformat())
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.attempts == 2
    # the crashed chunk was rolled back, the first chunk was not applied twice
    assert Petition.objects.filter(overdue_marked_on=TODAY).count() == 5
    assert _overdue_events() == 5
    # the retry counted only what was left: the first chunk (2) stayed applied
    assert job.done == job.total == 3


def test_gives_up_after_max_attempts(overdue_petitions, admin_user, monkeypatch):
    def always(ids, today=None):
        raise RuntimeError("broken")

    monkeypatch.setattr(actions, "mark_overdue_chunk", always)
    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)
    job = jobs.enqueue("overdue", admin_user, today=TODAY.isoformat())
    statuses = [jobs.execute(job.pk) for _ in range(job.max_attempts)]
    assert statuses[-1] == JobStatus.FAILED and statuses[0] == JobStatus.QUEUED
    job.refresh_from_db()
    assert "RuntimeError: broken" in job.message
    assert _overdue_events() == 0


def test_stale_running_job_is_requeued(admin_user, monkeypatch):
    from django.utils import timezone

    dispatched = []
    monkeypatch.setattr(jobs, "_dispatch", dispatched.append)
    job = jobs.enqueue("overdue", admin_user)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    assert jobs.requeue_stale(timezone.now() + jobs.STALE_AFTER * 2) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert dispatched == [job.pk, job.pk]


def test_search_rebuild_job(make_petition, admin_user):
    from oversight.search.models import SearchEntry

    make_petition(subject="Khiếu nại Đặng Văn Lâm")
    SearchEntry.objects.all().delete()
    SearchEntry.objects.create(object_type="petition", object_id=999999, title="stale",
                               folded="stale")
    job = jobs.enqueue("search_rebuild", admin_user, chunk=1)
    assert jobs.execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result["removed"] == 1 and job.done == job.total >= 1
    assert SearchEntry.objects.filter(folded__contains="dang van lam").exists()
    assert not SearchEntry.objects.filter(object_id=999999).exists()


def test_jobs_command(admin_user, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr(jobs, "_dispatch", lambda job_id: None)
    call_command("jobs", "--start", "overdue", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Job.objects.get().name == "overdue"
    call_command("jobs", "--requeue-stale", stdout=open(os.devnull, "w"))  # noqa: SIM115
