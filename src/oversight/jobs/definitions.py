"""The job kinds, each with how a retry stays consistent (see `core.jobs`)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from oversight.audit import record
from oversight.audit.choices import Action
from oversight.core import calendar, exports
from oversight.core.jobs import job
from oversight.core.views import ScopedListView
from oversight.identity import keys
from oversight.petitions import actions
from oversight.petitions.models import DeadlineRule
from oversight.portal import limits
from oversight.reports import documents
from oversight.reports.documents.sentences import period_phrase
from oversight.reports.periods import PeriodError, parse
from oversight.reports.places import resolve
from oversight.search import index
from oversight.units.models import Cluster, Unit
from oversight.workcalendar import escalation

CHUNK = 500


def _place_and_period(params):
    place = resolve(unit=params.get("unit"), cluster=params.get("cluster"),
                    scope=params.get("scope"))
    period = parse(params["period"], params.get("calendar") or "calendar")
    return place, period


def report_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


def describe_report(params: dict) -> list[tuple[str, str]]:
    """"Định dạng: PDF · Kỳ: năm 2024 · Phạm vi: toàn quốc" — what the job makes."""
    from django.utils.translation import gettext, pgettext

    calendar = params.get("calendar") or "calendar"
    try:
        period = period_phrase(parse(params.get("period", ""), calendar).as_dict())
    except PeriodError:
        period = params.get("period", "")
    if params.get("unit"):
        unit = Unit.objects.filter(code=params["unit"]).first()
        scope = unit.name if unit else params["unit"]
    elif params.get("cluster"):
        cluster = Cluster.objects.filter(code=params["cluster"]).first()
        scope = cluster.name if cluster else params["cluster"]
    else:
        scope = gettext("nationwide")
    out = [(gettext("Format"), str(params.get("format", "")).upper()),
           (pgettext("job parameter", "Period"), period), (gettext("Scope"), scope)]
    if calendar == "statutory":
        out.append((gettext("Calendar"), gettext("Statutory (15/12–14/12)")))
    return out


# The steps of a report job, stored as written and translated on the job's page.
COMPUTING = gettext_noop("Computing the indicators")
RENDERING = gettext_noop("Rendering the document")
WRITING = gettext_noop("Writing the file")


@job("report", label=_("Report document"), max_attempts=2, describe=describe_report,
     safety="all-or-nothing: the document is written to a temporary file and renamed into "
            "place only when complete; a retry starts over and overwrites nothing half-done")
def report(ctx, *, format: str, period: str, unit=None, cluster=None, scope=None,  # noqa: A002
           calendar="calendar"):
    ctx.set_total(3, COMPUTING)
    place, the_period = _place_and_period(ctx.params)
    ctx.check_cancel()
    ctx.progress(1, RENDERING)
    data = documents.render(format, place, the_period, user=ctx.job.created_by)
    ctx.check_cancel()
    ctx.progress(2, WRITING)
    folder = report_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"job-{ctx.job.pk}-{uuid.uuid4().hex[:12]}.{format}"
    temporary = final.with_suffix(final.suffix + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, final)  # atomic: the file exists whole or not at all
    name = f"bao-cao-{place.code}-{the_period.code or 'ky'}.{format}".replace("..", "_")
    return {"file": str(final.relative_to(settings.DATA_DIR)), "name": name,
            "size": len(data)}


@job("overdue", label=_("Overdue marking"), max_attempts=3,
     safety="idempotent chunks: each chunk of petitions is marked in one transaction and a "
            "petition already marked is skipped, so a retry finishes the rest")
def overdue(ctx, *, today: str | None = None):
    day = dt.date.fromisoformat(today) if today else None
    ids = actions.overdue_to_mark(day)
    ctx.set_total(len(ids), f"{len(ids)} petitions to mark")
    marked = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        with ctx.chunk(len(part), f"{start + len(part)} of {len(ids)}"):
            marked += actions.mark_overdue_chunk(part, day)
    # Late: the job kinds register at start-up (jobs/apps.py); "my work" loads when one runs.
    from oversight.web.mywork import send_deadline_digests

    # one notice per user of their work due within 3 working days; a retry tells nobody twice
    return {"marked": marked, "digests": send_deadline_digests(day)}


# The steps of the daily housekeeping, stored as written and translated on the job's page.
COUNTERS = gettext_noop("Forgetting the portal's old counters")
DISCLOSURES = gettext_noop("Deleting expired disclosures")


@job("housekeeping", label=_("Daily housekeeping"), max_attempts=3,
     safety="idempotent: forgetting counters past two days and deleting key wraps past their "
            "time again finds nothing more to do")
def housekeeping(ctx):
    """Part of the daily run (ops/tasks.py): forget the public portal's rate-limit counters
    older than two days (its privacy notice says so); delete the key wraps of disclosures past
    their time (they already open nothing)."""
    ctx.set_total(2, COUNTERS)
    with ctx.chunk(1, DISCLOSURES):
        counters = limits.purge()
    with ctx.chunk(1):
        disclosures = keys.expire_disclosures()
    return {"counters": counters, "disclosures": disclosures}


ESCALATION_CHUNK = 100
ESCALATION_LINES = 500  # the fired steps listed in the job's result (ids and usernames only)
NOT_A_WORKING_DAY = gettext_noop("Not a working day: no step fires.")


@job("escalation", label=_("Escalation steps"), max_attempts=3,
     safety="idempotent chunks: each step fired is a row unique per step, record and "
            "deadline, written with its notices in the chunk's transaction; a retry plans "
            "again and fires only the steps that have not fired")
def escalate(ctx, *, today: str | None = None):
    """Part of the daily run (ops/tasks.py), and `oversight escalate`: the escalation steps
    due on `today` (workcalendar/escalation.py), in chunks."""
    from django.utils import timezone

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    if not calendar.is_working_day(day):
        ctx.set_total(0, NOT_A_WORKING_DAY)
        return {"day": day.isoformat(), "working_day": False, "fired": 0, "lines": []}
    planned = escalation.plan(day)
    ctx.set_total(len(planned), f"{len(planned)} steps to fire")
    fired = []
    for start in range(0, len(planned), ESCALATION_CHUNK):
        part = planned[start:start + ESCALATION_CHUNK]
        with ctx.chunk(len(part), f"{start + len(part)} of {len(planned)}"):
            fired += [p for p in part if escalation.fire(p, day)]
    return {"day": day.isoformat(), "working_day": True, "fired": len(fired),
            "lines": [p.line() for p in fired[:ESCALATION_LINES]]}


@job("calendar_recompute", label=_("Deadlines after a calendar change"), max_attempts=3,
     safety="idempotent chunks: a petition whose deadlines already agree with the calendar is "
            "left alone and gets no event, so a retry moves only the rest")
def calendar_recompute(ctx, *, date: str, basis: str = "", change: str = "",
                       changed_on: str | None = None):
    from django.utils import timezone

    calendar.invalidate()  # this process may hold the calendar as it was before the change
    ids = actions.calendar_candidates(dt.date.fromisoformat(date))
    on = dt.date.fromisoformat(changed_on) if changed_on else timezone.localdate()
    specs = DeadlineRule.specs()
    ctx.set_total(len(ids), f"{len(ids)} open petitions to check")
    moved = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        with ctx.chunk(len(part), f"{start + len(part)} of {len(ids)}"):
            moved += actions.apply_calendar_change(part, on=on, basis=basis, specs=specs)
    return {"checked": len(ids), "moved": moved}


@job("search_rebuild", label=_("Search index rebuild"), max_attempts=3,
     safety="idempotent chunks: entries are upserted chunk by chunk, so a retry re-applies "
            "chunks harmlessly; entries of deleted objects are removed at the end; the index "
            "answers searches throughout")
def search_rebuild(ctx, *, chunk: int = 2000):
    plan = index.rebuild_plan(chunk)
    ctx.set_total(sum(size for *_x, size in plan), f"{len(plan)} chunks")
    count = 0
    for name, first, last, size in plan:
        with ctx.chunk(size, f"{name} {first}–{last}"):
            count += index.rebuild_chunk(name, first, last)
    ctx.check_cancel()
    with transaction.atomic():
        removed = index.remove_stale()
    return {"indexed": count, "removed": removed}


# The step of a list export, stored as written and translated on the job's page.
WRITING_ROWS = gettext_noop("Writing the rows")


def describe_list_export(params: dict) -> list[tuple[str, str]]:
    """"Định dạng: XLSX · Danh sách: đơn thư · Bộ lọc: q=bồi thường" — what the job makes."""
    from urllib.parse import unquote_plus

    from django.utils.module_loading import import_string
    from django.utils.translation import gettext

    try:
        model = import_string(params.get("view", "")).model
        name = str(model._meta.verbose_name_plural)
    except ImportError:
        name = params.get("list_name", "")
    filters = ", ".join(unquote_plus(part) for part in (params.get("query") or "").split("&")
                        if part and not part.startswith(("export=", "page=")))
    return [(gettext("Format"), str(params.get("format", "")).upper()),
            (gettext("List"), name), (gettext("Filters"), filters or "—")]


@job("list_export", label=_("List export"), max_attempts=2, describe=describe_list_export,
     safety="all-or-nothing: the file is written aside and renamed into place when complete; "
            "a retry starts over")
def list_export(ctx, *, view: str, query: str, format: str, list_name: str = ""):  # noqa: A002
    """A big list export (`core.exports`): the requester's list, scoped and filtered as it
    was on their page when they asked, written to a file they download from the job's page."""
    from django.utils.module_loading import import_string

    if format not in exports.FORMATS:
        raise ValueError(f"unknown format {format!r}")
    view_class = import_string(view)
    if not (isinstance(view_class, type) and issubclass(view_class, ScopedListView)
            and view_class.export_columns):
        raise ValueError(f"{view} is not an exportable list")
    user = ctx.job.created_by
    queryset, _view = view_class.for_user(user, query)
    total = queryset.count()
    ctx.set_total(total, WRITING_ROWS)
    data = exports.write(format, exports.rows(
        view_class.export_columns, queryset,
        progress=lambda n: (ctx.check_cancel(), ctx.progress(n, WRITING_ROWS))),
        stamp=exports.stamp(user))
    folder = report_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"job-{ctx.job.pk}-{uuid.uuid4().hex[:12]}.{format}"
    temporary = final.with_suffix(final.suffix + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, final)
    record(Action.EXPORT, user=user, object_type_=f"list.{list_name}",
           detail={"format": format, "rows": total, "query": query[:500], "job": ctx.job.pk})
    return {"file": str(final.relative_to(settings.DATA_DIR)),
            "name": exports.filename(list_name, format), "size": len(data)}
