"""Background jobs with progress, cancel and retry, over django-tasks.

A job kind is a function registered with `@job("name", label=…)`; it receives a `JobContext`
and the job's parameters. It declares how much work there is (`ctx.set_total(n)`) and applies
it chunk by chunk with `ctx.chunk(size)` — a context manager that opens ONE transaction for
the chunk and records the progress in that same transaction, so the recorded progress never
runs ahead of (or behind) the work that is committed. Before each chunk the context checks
whether the user asked to cancel; if so the job stops there (`JobCancelled`), between two
chunks, never inside one.

A job that raises is retried: the `Job` row goes back to queued and a new task is enqueued,
up to `max_attempts`; then it is marked failed with the error. A worker killed outright
(SIGKILL, power cut) leaves the row running: `oversight jobs --requeue-stale` (from cron
or by hand) puts rows with no progress for `STALE_AFTER` back in the queue. Because a retry runs
the function again from the start, every job must be safe to re-run — each job documents how:

- idempotent chunks: a chunk re-applied changes nothing (overdue marking skips petitions
  already marked; the search rebuild upserts entries);
- all-or-nothing: the whole result is produced aside and published in one transaction at the
  end (report generation writes a temporary file, then renames it and marks the job done).

    enqueue("search_rebuild", user)            # from a view, the API or a command
    execute(job_id)                            # what the worker runs (tests call it directly)
    run("overdue", None, today="2025-03-20")   # a command run by hand: the same row, here

Every piece of background work is a job kind: reports and list exports, overdue marking and the
daily housekeeping (`oversight mark_overdue`, started by the System: no user), escalation,
deadlines after a calendar change, the search rebuild, the people registry's re-link and
the intake's reading. The jobs page lists them all with who started them.

This module is the mechanism; the `jobs` app above it owns the `Job` table, the task and the
pages. Core never imports that app: `JobsConfig.ready()` hands its model and its dispatch
function to `bind()`, so every app may enqueue a job without an import running back up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.base.acting import acting

log = logging.getLogger("oversight.jobs")

STALE_AFTER = dt.timedelta(minutes=30)
# The audit address of what a background job does (its user is the one who started it).
JOB_ADDRESS = "job"


class JobStatus(models.TextChoices):
    """A job's life: the runner below moves a row through these; the `Job` model stores them."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class JobCancelled(Exception):
    """The user asked to cancel; raised at a chunk boundary."""


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable
    label: object
    max_attempts: int = 3
    safety: str = ""  # how a re-run stays consistent (shown in docs and the admin)
    # params -> [(label, value)] in the active language, for the job's page ("Kỳ: năm 2024")
    describe: Callable[[dict], list[tuple[str, str]]] | None = None


REGISTRY: dict[str, JobSpec] = {}


def job(name: str, *, label, max_attempts: int = 3, safety: str = "", describe=None):
    def register(func):
        REGISTRY[name] = JobSpec(name, func, label, max_attempts, safety, describe)
        return func

    return register


# Filled by `bind()` from the jobs app once Django is ready.
_BOUND: dict[str, object] = {}


def bind(*, model, dispatch: Callable[[int], object]) -> None:
    """Give the runner the table its rows live in (`jobs.models.Job`) and the function that
    hands a job id to the task queue (`jobs.tasks.run_job.enqueue`). Called by
    `JobsConfig.ready()`; the inversion keeps core below the app that stores the jobs."""
    _BOUND["model"] = model
    _BOUND["dispatch"] = dispatch


def _bound(what: str):
    try:
        return _BOUND[what]
    except KeyError:
        raise ImproperlyConfigured(
            "Background jobs need the app 'oversight.jobs' in INSTALLED_APPS "
            "(its ready() binds the Job table and the task queue).") from None


def _job_model():
    return _bound("model")


class JobContext:
    def __init__(self, job_row):
        self.job = job_row

    @property
    def params(self) -> dict:
        return self.job.params

    def _update(self, **fields) -> None:
        _job_model().objects.filter(pk=self.job.pk).update(updated_at=timezone.now(), **fields)

    def set_total(self, total: int, message: str = "") -> None:
        self.job.total = total
        self._update(total=total, done=0, message=message)

    def check_cancel(self) -> None:
        if _job_model().objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled

    @contextlib.contextmanager
    def chunk(self, size: int, message: str = ""):
        """One unit of work: checks cancel first, then runs the body and records `size` more
        done in the same transaction."""
        self.check_cancel()
        with transaction.atomic():
            yield
            self._update(done=F("done") + size, message=message)
        self.job.done += size

    def progress(self, done: int, message: str = "") -> None:
        """Progress for work outside chunks (all-or-nothing jobs)."""
        self.job.done = done
        self._update(done=done, message=message)


def _create(name: str, user, params: dict):
    spec = REGISTRY[name]
    return _job_model().objects.create(name=name, params=params, created_by=user,
                                       max_attempts=spec.max_attempts)


def enqueue(name: str, user=None, **params):
    """Create the Job row and hand it to the task queue."""
    row = _create(name, user, params)
    _dispatch(row.pk)
    return row


def run(name: str, user=None, **params):
    """Create the Job row and run it in this process now, retries included (a command run by
    hand, a seed, a test): the same row, progress, cancel and audit as from the worker, so the
    jobs page shows it too. Returns the row as it ended."""
    row = _create(name, user, params)
    status = execute(row.pk)
    while status == JobStatus.QUEUED:  # a failed attempt with attempts left
        status = execute(row.pk)
    row.refresh_from_db()
    return row


def _dispatch(job_id: int) -> None:
    dispatch = _bound("dispatch")
    transaction.on_commit(lambda: dispatch(job_id))


def request_cancel(row) -> None:
    """Ask a job to stop at its next chunk boundary; a queued job is cancelled at once."""
    Job = _job_model()
    Job.objects.filter(pk=row.pk).update(cancel_requested=True, updated_at=timezone.now())
    Job.objects.filter(pk=row.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now(),
        message="Cancelled before it started.")
    row.refresh_from_db()


def execute(job_id: int) -> str:
    """Run one attempt of a job; returns its status afterwards."""
    Job = _job_model()
    with transaction.atomic():
        row = Job.objects.select_for_update().get(pk=job_id)
        if row.status != JobStatus.QUEUED:
            return row.status  # cancelled while queued, or already taken by another worker
        if row.cancel_requested:
            row.status = JobStatus.CANCELLED
            row.finished_at = timezone.now()
            row.save()
            return row.status
        row.status = JobStatus.RUNNING
        row.attempts += 1
        row.started_at = row.started_at or timezone.now()
        row.save()
    spec = REGISTRY[row.name]
    ctx = JobContext(row)
    try:
        # What the job changes is recorded as done by the user who started it, from "job".
        with acting(user=row.created_by, address=JOB_ADDRESS):
            result = spec.func(ctx, **row.params)
    except JobCancelled:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.CANCELLED, finished_at=timezone.now(),
            message=f"Cancelled after {ctx.job.done} of {ctx.job.total}.")
        return JobStatus.CANCELLED
    except Exception as error:  # noqa: BLE001 — any failure is retried or recorded
        log.exception("job %s (%s) attempt %s failed", job_id, row.name, row.attempts)
        text = f"{type(error).__name__}: {error}"
        if row.attempts < row.max_attempts:
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.QUEUED, message=f"Attempt {row.attempts} failed ({text}); "
                "retrying.", updated_at=timezone.now())
            _dispatch(job_id)
            return JobStatus.QUEUED
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(),
            message=f"{text}\n{traceback.format_exc(limit=3)}"[:4000])
        return JobStatus.FAILED
    fields = {"status": JobStatus.DONE, "finished_at": timezone.now(), "result": result}
    if isinstance(result, dict) and result.get("file"):
        fields["result_file"] = result["file"]
        fields["result_name"] = result.get("name", "")
    if ctx.job.total:
        fields["done"] = ctx.job.total
    Job.objects.filter(pk=job_id).update(**fields)
    return JobStatus.DONE


def run_queued(limit: int = 10000) -> list[tuple[int, str]]:
    """Run every queued job in this process, oldest first, until none is left (a job that
    fails and is retried runs again, up to its `max_attempts`). For scripts and tests:
    `oversight jobs --run-queued`. Jobs queued meanwhile by the jobs themselves run too."""
    Job = _job_model()
    ran = []
    while len(ran) < limit:
        row = Job.objects.filter(status=JobStatus.QUEUED).order_by("id").first()
        if row is None:
            break
        ran.append((row.pk, str(execute(row.pk))))
    return ran


def requeue_stale(now=None) -> int:
    """Jobs left running by a dead worker go back to the queue (or fail past max_attempts)."""
    Job = _job_model()
    now = now or timezone.now()
    count = 0
    for row in Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=now - STALE_AFTER):
        if row.attempts < row.max_attempts:
            Job.objects.filter(pk=row.pk).update(status=JobStatus.QUEUED,
                                                 message="Worker lost; retrying.")
            _dispatch(row.pk)
        else:
            Job.objects.filter(pk=row.pk).update(status=JobStatus.FAILED, finished_at=now,
                                                 message="Worker lost; no attempts left.")
        count += 1
    return count
