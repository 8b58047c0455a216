from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from oversight.core.scoping import VIEW
from oversight.matters.choices import Stage
from oversight.matters.models import Direction, Matter, MatterEvent
from oversight.petitions.models import Petition
from oversight.units.filtersets import UnitFilterSet
from oversight.units.models import Unit


@login_required
def dashboard(request):
    user = request.user
    matters = Matter.objects.restrict(user, VIEW)
    by_stage = dict(matters.values_list("stage").annotate(n=Count("id")).order_by())
    stages = [(value, label, by_stage.get(value, 0)) for value, label in Stage.choices]
    overdue = Direction.objects.restrict(user, VIEW).overdue()
    overdue_by_unit = (
        overdue.values("unit__code", "unit__place_vi", "unit__place_en")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__code")[:12]
    )
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
