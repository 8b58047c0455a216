from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from oversight.accounts.models import SavedFilter, User
from oversight.accounts.roles import Role
from oversight.core.errors import RuleError
from oversight.core.pickers import assignees_for, find_assignee
from oversight.core.scoping import CHANGE, VIEW, can, unit_ids_in_scope
from oversight.core.views import remembered_query
from oversight.matters import actions as matter_actions
from oversight.matters.choices import Stage
from oversight.matters.models import Direction, Matter, MatterEvent
from oversight.petitions.models import Petition
from oversight.portal.views import csrf_failure as portal_csrf_failure
from oversight.units.filtersets import UnitFilterSet
from oversight.units.models import Unit
from oversight.web import mywork


@login_required
def dashboard(request):
    user = request.user
    matters = Matter.objects.restrict(user, VIEW)
    by_stage = dict(matters.values_list("stage").annotate(n=Count("id")).order_by())
    stages = [(value, label, by_stage.get(value, 0)) for value, label in Stage.choices]
    overdue = Direction.objects.restrict(user, VIEW).overdue()
    # Counted by today's units: a province merged in 2025 counts in its successor.
    per_unit = dict(overdue.values_list("unit_id").annotate(n=Count("id")).order_by())
    today_of = Unit.objects.today_of(per_unit)
    totals: dict[int, int] = {}
    for unit_id, n in per_unit.items():
        carrier = today_of.get(unit_id)
        if carrier is not None:
            totals[carrier.pk] = totals.get(carrier.pk, 0) + n
    carriers = {u.pk: u for u in today_of.values()}
    overdue_by_unit = [{"unit": carriers[pk], "n": n} for pk, n in
                       sorted(totals.items(), key=lambda item: (-item[1], carriers[item[0]].code))
                       ][:12]
    context = {
        "stages": stages,
        "open_total": sum(n for value, _l, n in stages if value != Stage.CLOSED),
        "matter_total": sum(n for _v, _l, n in stages),
        "overdue_total": overdue.count(),
        "overdue_by_unit": overdue_by_unit,
        "overdue_list": overdue.select_related("addressee", "matter", "unit")[:8],
        "events": MatterEvent.objects.restrict(user, VIEW)
        .select_related("matter", "by").order_by("-on", "-at", "-id")[:12],
    }
    petitions_overdue = Petition.objects.restrict(user, VIEW).overdue()
    context["petition_overdue_total"] = petitions_overdue.count()
    context["petition_overdue_list"] = petitions_overdue.select_related("unit").order_by(
        "next_due")[:8]
    return render(request, "web/dashboard.html", context)


class UnitListView(LoginRequiredMixin, ListView):
    template_name = "web/unit_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = UnitFilterSet(self.request.GET or None,
                                       queryset=Unit.objects.select_related("parent")
                                       .prefetch_related("successors"))
        qs = self.filterset.qs if self.filterset.is_bound else self.filterset.queryset
        return qs.order_by("kind", "code")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        return ctx


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.prefetch_related("successors", "predecessors"),
                             code=code)
    lineage = Unit.objects.lineage(unit).exclude(pk=unit.pk)
    return render(request, "web/unit_detail.html", {"unit": unit, "lineage": lineage})


# --- Saved filters (a list's filters kept under a name, per user) ----------------------------


@require_POST
@login_required
def saved_filter_create(request):
    name = " ".join((request.POST.get("name") or "").split())[:100]
    list_name = (request.POST.get("list_name") or "")[:64]
    back = _safe_next(request)
    query = remembered_query(QueryDict(request.POST.get("query") or ""))
    if not name or not list_name:
        messages.error(request, _("Give the filters a name."))
        return redirect(back)
    SavedFilter.objects.update_or_create(user=request.user, list_name=list_name, name=name,
                                         defaults={"query": query})
    messages.success(request, _("Filters saved as “%(name)s”.") % {"name": name})
    return redirect(back)


@require_POST
@login_required
def saved_filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter.objects.exclude(name=""), pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Saved filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect(_safe_next(request))


def _safe_next(request) -> str:
    back = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        return "/"
    return back


def csrf_failure(request, reason=""):
    """A form whose CSRF check failed (CSRF_FAILURE_VIEW): JSON under /api/, else a page in
    the user's language that says what to do. Nothing was saved either way."""
    from django.http import JsonResponse


    if request.path_info.startswith("/portal/"):
        return portal_csrf_failure(request, reason)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("CSRF check failed: reload the page and try again.")},
                            status=403)
    return render(request, "403_csrf.html", status=403)


# --- My work (issue 15) ---------------------------------------------------------------------


@login_required
def my_work(request):
    """Việc của tôi: what is assigned to me or awaits my decision, most urgent first; for a
    head, the unit's workload per officer and, for one officer (`?officer=`), their records
    with bulk reassignment."""
    user = request.user
    items = mywork.items_for(user)
    context = {"items": items, "is_head": user.has_role(Role.HEAD),
               "overdue_count": sum(1 for i in items if i.overdue),
               "limit": mywork.LIMIT}
    if context["is_head"]:
        context["loads"] = mywork.workload(user)
        username = request.GET.get("officer", "")
        units = unit_ids_in_scope(user, CHANGE) or frozenset()
        officer = (User.objects.filter(username=username, unit_id__in=units).first()
                   if username else None)
        if officer is not None:
            context["officer"] = officer
            context["officer_items"] = mywork.assigned_to(officer, user)
            context["reassign_to"] = [u for u in assignees_for(user.unit_id)
                                      if u.pk != officer.pk]
    return render(request, "web/my_work.html", context)


@require_POST
@login_required
def my_work_reassign(request):
    """Bulk reassignment from a head's view: the ticked records to one officer, each through
    its action, all or nothing."""
    back = _safe_next(request)
    try:
        assignee = find_assignee(request.POST.get("assignee", ""), request.user)
        if assignee is None:
            raise RuleError(_("Choose who to assign to."), field="assignee")
        n = mywork.reassign(request.user, request.POST.getlist("selected"), assignee)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s records reassigned to %(name)s.")
                         % {"n": n, "name": assignee})
    return redirect(back)


@require_POST
@login_required
def record_assign(request, kind, pk):
    """Assign a matter or a direction from its page (`assignee`: a user name, empty for
    nobody), through the same actions as the API; refused outside the record's unit."""
    from django.core.exceptions import PermissionDenied


    model, assign, page = {
        "matter": (Matter, matter_actions.assign_matter, "matter-detail"),
        "direction": (Direction, matter_actions.assign_direction, "direction-detail"),
    }.get(kind, (None, None, None))
    if model is None:
        from django.http import Http404

        raise Http404
    # readable but not the caller's to change (a central analyst): 403, as the other actions
    record = get_object_or_404(model.objects.restrict(request.user, VIEW), pk=pk)
    if not can(request.user, CHANGE, record):
        raise PermissionDenied
    try:
        assignee = find_assignee(request.POST.get("assignee", ""), request.user)
        assign(record, by=request.user, assignee=assignee)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Assigned to %(name)s.") % {"name": assignee}
                         if assignee else _("Nobody is assigned now."))
    return redirect(page, record.pk)
