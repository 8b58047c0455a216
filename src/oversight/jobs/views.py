"""Job pages: the user's jobs, one job's progress (htmx polling), cancel, download, start."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from oversight.accounts.roles import is_administrator
from oversight.core import exports, jobs
from oversight.jobs.models import Job
from oversight.reports import documents
from oversight.reports.access import place_allowed
from oversight.reports.documents import CONTENT_TYPES
from oversight.reports.periods import CALENDARS, PeriodError, parse
from oversight.reports.places import PlaceError, resolve

ADMIN_JOBS = ("overdue", "search_rebuild")


def _own(request, pk) -> Job:
    """The job if it is the user's (administrators: any); otherwise 404."""
    return get_object_or_404(Job.objects.for_user(request.user), pk=pk)


@login_required
@require_GET
def job_list(request):
    page = Paginator(Job.objects.for_user(request.user).select_related("created_by"), 25)
    return render(request, "jobs/job_list.html", {
        "page_obj": page.get_page(request.GET.get("page")), "paginator": page,
        "can_start": is_administrator(request.user), "admin_jobs": [
            (name, jobs.REGISTRY[name].label) for name in ADMIN_JOBS]})


@login_required
@require_GET
def job_detail(request, pk):
    job = _own(request, pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else \
        "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_cancel(request, pk):
    job = _own(request, pk)
    if not job.finished:
        jobs.request_cancel(job)
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", {"job": job})
    return redirect("job-detail", pk=job.pk)


@login_required
@require_GET
def job_download(request, pk):
    job = _own(request, pk)
    if job.created_by_id != request.user.pk or not job.result_file:
        raise Http404
    if job.name == "report":
        try:
            place = resolve(unit=job.params.get("unit"), cluster=job.params.get("cluster"),
                            scope=job.params.get("scope"))
        except PlaceError as error:
            raise Http404 from error
        if not place_allowed(request.user, place):  # the user's rights may have changed
            raise PermissionDenied
    types = exports.CONTENT_TYPES if job.name == "list_export" else CONTENT_TYPES
    root = Path(settings.DATA_DIR).resolve()
    path = (root / job.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=job.result_name or path.name,
                        content_type=types.get(job.params.get("format"),
                                               "application/octet-stream"))


def report_params(user, data) -> dict:
    """Validated parameters of a report job; raises ValueError (bad input) or
    PermissionDenied (a place the user may not report on)."""
    fmt = data.get("format") or "xlsx"
    if fmt not in documents.FORMATS:
        raise ValueError(_("Unknown format: use xlsx, docx or pdf."))
    calendar = data.get("calendar") or "calendar"
    params = {"format": fmt, "period": data.get("period") or "", "calendar": calendar}
    key = data.get("place")
    if key:  # the dashboard's "kind:code"
        kind, _sep, code = key.partition(":")
        params[{"unit": "unit", "cluster": "cluster"}.get(kind, "scope")] = code
    else:
        for name in ("unit", "cluster", "scope"):
            if data.get(name):
                params[name] = data.get(name)
    try:
        if calendar not in CALENDARS:
            raise PeriodError(_("Unknown calendar."))
        parse(params["period"], calendar)
        place = resolve(unit=params.get("unit"), cluster=params.get("cluster"),
                        scope=params.get("scope"))
    except (PeriodError, PlaceError) as error:
        raise ValueError(str(error)) from error
    if not place_allowed(user, place):
        raise PermissionDenied(_("You may report only on your own unit."))
    return params


@login_required
@require_POST
def job_report(request):
    try:
        params = report_params(request.user, request.POST)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    job = jobs.enqueue("report", request.user, **params)
    messages.success(request, _("The report is being generated in the background."))
    return redirect("job-detail", pk=job.pk)


@login_required
@require_POST
def job_start(request, name):
    if name not in ADMIN_JOBS:
        raise Http404
    if not is_administrator(request.user):
        raise PermissionDenied
    job = jobs.enqueue(name, request.user)
    return redirect("job-detail", pk=job.pk)
