"""Web pages of the committees' own work. Changes go through `actions`, as in the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oversight.committees import actions, emulation, minutes
from oversight.committees.choices import FollowUp
from oversight.committees.filtersets import (
    DocumentFilterSet,
    EmulationTargetFilterSet,
    InspectionFilterSet,
    MeetingFilterSet,
    ProjectFilterSet,
)
from oversight.committees.forms import (
    AgendaItemForm,
    ConclusionForm,
    DirectionForm,
    DocumentForm,
    FindingForm,
    FollowUpForm,
    InspectionForm,
    MeetingForm,
    OpenMatterForm,
    OpenPetitionForm,
    ProjectForm,
    RecommendationForm,
    TargetForm,
)
from oversight.committees.models import (
    CommitteeDocument,
    Conclusion,
    EmulationTarget,
    Finding,
    Inspection,
    Meeting,
    Project,
    Recommendation,
)
from oversight.core import calendar
from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW
from oversight.core.views import ScopedDetailView, ScopedListView, apply_rule_error, require_change
from oversight.matters.models import Direction
from oversight.units.models import Cluster
from oversight.workcalendar import escalation


def _for_change(request, model, pk, qs=None):
    """The record if the user may see it (else 404) and change it (else 403)."""
    base = qs if qs is not None else model.objects.all()
    obj = get_object_or_404(base.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, obj)
    return obj


def _errors(form) -> str:
    return " ".join(f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
                    for f, errs in form.errors.items() for e in errs)


# --- Meetings ---------------------------------------------------------------------------


class MeetingListView(ScopedListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    template_name = "committees/meeting_list.html"
    sort_fields = ("held_on", "title", "id")
    default_sort = "-held_on"
    list_name = "meetings"
    export_columns = (
        (gettext_lazy("No."), lambda m: m.pk),
        (gettext_lazy("Date"), lambda m: m.held_on),
        (gettext_lazy("Title"), lambda m: m.title),
        (gettext_lazy("Unit"), lambda m: m.unit.place),
        (gettext_lazy("Body"), lambda m: m.get_body_display()),
        (gettext_lazy("Kind"), lambda m: m.get_kind_display()),
        (gettext_lazy("Conclusions"), lambda m: m.conclusion_total),
        (gettext_lazy("Directions"), lambda m: m.direction_total),
    )

    def base_queryset(self):
        # The directions column counts what the reader may open (a secret matter's directions
        # are not counted for a reader outside its access list: a count is an existence leak).
        readable = Direction.objects.restrict(self.request.user, VIEW).values("pk")
        return Meeting.objects.select_related("unit").annotate(
            conclusion_total=Count("conclusions", distinct=True),
            direction_total=Count("conclusions__directions", distinct=True,
                                  filter=Q(conclusions__directions__in=readable)),
        )


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    template_name = "committees/meeting_detail.html"

    def base_queryset(self):
        return Meeting.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        ctx["agenda"], conclusions = minutes.nested(meeting, user)
        ctx["conclusions"] = conclusions
        ctx["hidden"] = minutes.hidden(meeting, user)
        statuses = [d.current_status() for c in conclusions for d in c.directions.all()]
        ctx["tally"] = {s: statuses.count(s) for s in FollowUp.values}
        ctx["direction_count"] = len(statuses)
        ctx["agenda_form"] = AgendaItemForm(user=user)
        ctx["conclusion_form"] = ConclusionForm(issuer=self.object.unit)
        ctx["direction_form"] = DirectionForm(issuer=self.object.unit)
        return ctx


@login_required
def meeting_create(request):
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meeting-detail", meeting.pk)
    return render(request, "committees/meeting_form.html", {"form": form})


@login_required
def meeting_edit(request, pk):
    meeting = _for_change(request, Meeting, pk)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=pk),
                       user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meeting-detail", meeting.pk)
    return render(request, "committees/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
@login_required
def meeting_agenda(request, pk):
    meeting = _for_change(request, Meeting, pk)
    form = AgendaItemForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.add_agenda_item(meeting, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Agenda item added."))
    else:
        messages.error(request, _errors(form))
    return redirect("meeting-detail", meeting.pk)


@require_POST
@login_required
def meeting_conclusion(request, pk):
    meeting = _for_change(request, Meeting, pk)
    form = ConclusionForm(request.POST, issuer=meeting.unit)
    if form.is_valid():
        data = form.cleaned_data
        directions = []
        if data.get("addressee"):
            directions.append({"addressee": data["addressee"], "due_on": data["due_on"],
                               "text": data.get("direction_text", "")})
        try:
            actions.add_conclusion(meeting, by=request.user, text=data["text"],
                                   directions=directions)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Conclusion recorded."))
    else:
        messages.error(request, _errors(form))
    return redirect("meeting-detail", meeting.pk)


@require_POST
@login_required
def conclusion_direction(request, pk):
    conclusion = _for_change(request, Conclusion, pk,
                             Conclusion.objects.select_related("meeting__unit"))
    form = DirectionForm(request.POST, issuer=conclusion.meeting.unit)
    if form.is_valid():
        try:
            actions.issue_direction(conclusion, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Direction issued."))
    else:
        messages.error(request, _errors(form))
    return redirect("meeting-detail", conclusion.meeting_id)


@login_required
def meeting_minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.restrict(request.user, VIEW)
                                .select_related("unit"), pk=pk)
    response = HttpResponse(
        minutes.render(meeting, request.user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-{meeting.held_on:%Y%m%d}-{meeting.pk}.docx"')
    return response


# --- Inspections ------------------------------------------------------------------------


class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilterSet
    template_name = "committees/inspection_list.html"
    sort_fields = ("period_start", "topic", "status", "id")
    default_sort = "-period_start"
    list_name = "inspections"
    export_columns = (
        (gettext_lazy("No."), lambda i: i.pk),
        (gettext_lazy("Topic"), lambda i: i.topic),
        (gettext_lazy("Unit"), lambda i: i.unit.place),
        (gettext_lazy("Kind"), lambda i: i.get_kind_display()),
        (gettext_lazy("From"), lambda i: i.period_start),
        (gettext_lazy("To"), lambda i: i.period_end),
        (gettext_lazy("Status"), lambda i: i.get_status_display()),
        (gettext_lazy("Findings"), lambda i: i.finding_total),
        (gettext_lazy("Recommendations"), lambda i: i.recommendation_total),
        (gettext_lazy("Overdue"), lambda i: i.overdue_total),
    )

    def base_queryset(self):
        cutoff = calendar.overdue_cutoff(timezone.localdate())
        return Inspection.objects.select_related("unit").annotate(
            finding_total=Count("findings", distinct=True),
            recommendation_total=Count("recommendations", distinct=True),
            overdue_total=Count("recommendations", distinct=True, filter=Q(
                recommendations__status=FollowUp.OPEN, recommendations__due_on__lt=cutoff)),
        )


class InspectionDetailView(ScopedDetailView):
    model = Inspection
    template_name = "committees/inspection_detail.html"

    def base_queryset(self):
        return Inspection.objects.select_related("unit").prefetch_related("subjects")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = self.object
        ctx["findings"] = inspection.findings.select_related("matter", "petition")
        recommendations = list(inspection.recommendations.select_related("finding"))
        fired = escalation.fired_by_record("recommendation", [r.pk for r in recommendations])
        for r in recommendations:
            r.escalations = fired.get(r.pk, [])
        ctx["recommendations"] = recommendations
        ctx["finding_form"] = FindingForm()
        ctx["recommendation_form"] = RecommendationForm(inspection=inspection)
        ctx["follow_up_form"] = FollowUpForm()
        ctx["today"] = timezone.localdate()
        return ctx


def _inspection_data(form):
    data = dict(form.cleaned_data)
    subjects = data.pop("subjects", [])
    return data, subjects


@login_required
def inspection_create(request):
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, subjects = _inspection_data(form)
        try:
            inspection = actions.create_inspection(by=request.user, subjects=subjects, **data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("inspection-detail", inspection.pk)
    return render(request, "committees/inspection_form.html", {"form": form})


@login_required
def inspection_edit(request, pk):
    inspection = _for_change(request, Inspection, pk)
    form = InspectionForm(request.POST or None, instance=Inspection.objects.get(pk=pk),
                          user=request.user)
    if request.method == "POST" and form.is_valid():
        data, subjects = _inspection_data(form)
        try:
            actions.update_inspection(inspection, by=request.user, subjects=subjects, **data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("inspection-detail", inspection.pk)
    return render(request, "committees/inspection_form.html",
                  {"form": form, "inspection": inspection})


@require_POST
@login_required
def inspection_finding(request, pk):
    inspection = _for_change(request, Inspection, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        actions.add_finding(inspection, by=request.user, **form.cleaned_data)
        messages.success(request, _("Finding recorded."))
    else:
        messages.error(request, _errors(form))
    return redirect("inspection-detail", inspection.pk)


@require_POST
@login_required
def inspection_recommendation(request, pk):
    inspection = _for_change(request, Inspection, pk)
    form = RecommendationForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            actions.add_recommendation(inspection, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Recommendation recorded."))
    else:
        messages.error(request, _errors(form))
    return redirect("inspection-detail", inspection.pk)


@require_POST
@login_required
def recommendation_follow_up(request, pk):
    rec = _for_change(request, Recommendation, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.follow_up(rec, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Follow-up recorded."))
    else:
        messages.error(request, _errors(form))
    return redirect("inspection-detail", rec.inspection_id)


@require_POST
@login_required
def finding_open_matter(request, pk):
    finding = _for_change(request, Finding, pk, Finding.objects.select_related("inspection"))
    form = OpenMatterForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            matter = actions.open_matter(finding, by=request.user, **data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The matter is under monitoring."))
            return redirect("matter-detail", matter.pk)
    else:
        messages.error(request, _errors(form))
    return redirect("inspection-detail", finding.inspection_id)


@require_POST
@login_required
def finding_open_petition(request, pk):
    finding = _for_change(request, Finding, pk, Finding.objects.select_related("inspection"))
    form = OpenPetitionForm(request.POST)
    if form.is_valid():
        try:
            petition = actions.open_information_source(
                finding, by=request.user, received_on=form.cleaned_data.get("received_on"))
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Registered as information to verify."))
            return redirect("petition-detail", petition.pk)
    else:
        messages.error(request, _errors(form))
    return redirect("inspection-detail", finding.inspection_id)


# --- Emulation --------------------------------------------------------------------------


class TargetListView(ScopedListView):
    model = EmulationTarget
    filterset_class = EmulationTargetFilterSet
    template_name = "committees/target_list.html"
    sort_fields = ("year", "indicator", "target", "id")
    default_sort = "-year"

    def base_queryset(self):
        return EmulationTarget.objects.select_related("unit", "cluster")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["clusters"] = emulation.clusters_of(self.request.user)
        ctx["this_year"] = timezone.localdate().year
        return ctx


@login_required
def target_create(request):
    initial = {"year": timezone.localdate().year}
    cluster = emulation.clusters_of(request.user).first()
    if cluster:
        initial["cluster"] = cluster.pk
    form = TargetForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.register_target(by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Target registered."))
            return redirect(f"{_ranking_url()}?cluster={target.cluster.code}&year={target.year}")
    return render(request, "committees/target_form.html", {"form": form})


def _ranking_url():
    from django.urls import reverse

    return reverse("emulation-ranking")


def _ranking_for(request):
    """The cluster and year asked for (default: the user's first cluster, this year), and
    the ranking; a province sees every unit's rank but only its own targets and figures."""
    clusters = emulation.clusters_of(request.user)
    code = request.GET.get("cluster")
    cluster = (Cluster.objects.filter(code=code).first() if code else clusters.first())
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if cluster is None:
        return None, year, None, clusters
    return cluster, year, emulation.rank_for(cluster, year, request.user), clusters


@login_required
def emulation_ranking(request):
    cluster, year, ranking, clusters = _ranking_for(request)
    return render(request, "committees/emulation_ranking.html", {
        "cluster": cluster, "year": year, "ranking": ranking, "clusters": clusters,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
        "cap": emulation.CAP,
    })


@login_required
def emulation_xlsx(request):
    from oversight.committees import xlsx  # late: openpyxl loads for this download only

    cluster, year, ranking, _clusters = _ranking_for(request)
    if ranking is None:
        from django.http import Http404

        raise Http404
    response = HttpResponse(
        xlsx.ranking(ranking, visible=lambda s: s.visible),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="emulation-{cluster.code}-{year}.xlsx"'
    return response


# --- Documents and projects -------------------------------------------------------------


class DocumentListView(ScopedListView):
    model = CommitteeDocument
    filterset_class = DocumentFilterSet
    template_name = "committees/document_list.html"
    sort_fields = ("issued_on", "number", "title", "kind", "status", "id")
    default_sort = "-issued_on"
    list_name = "documents"
    export_columns = (
        (gettext_lazy("Number"), lambda d: d.number),
        (gettext_lazy("Title"), lambda d: d.title),
        (gettext_lazy("Unit"), lambda d: d.unit.place),
        (gettext_lazy("Kind"), lambda d: d.get_kind_display()),
        (gettext_lazy("Issued on"), lambda d: d.issued_on),
        (gettext_lazy("Status"), lambda d: d.get_status_display()),
    )

    def base_queryset(self):
        return CommitteeDocument.objects.select_related("unit")


class ProjectListView(ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    template_name = "committees/project_list.html"
    sort_fields = ("submitted_on", "approved_on", "title", "status", "id")
    default_sort = "-submitted_on"
    list_name = "projects"
    export_columns = (
        (gettext_lazy("Title"), lambda p: p.title),
        (gettext_lazy("Unit"), lambda p: p.unit.place),
        (gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Submitted on"), lambda p: p.submitted_on),
        (gettext_lazy("Approved on"), lambda p: p.approved_on),
    )

    def base_queryset(self):
        return Project.objects.select_related("unit")


def _register_form(request, model, form_class, save, template, list_name, pk=None):
    record = _for_change(request, model, pk) if pk else None
    instance = model.objects.get(pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            save(record, by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Changes saved.") if pk else _("Recorded."))
            return redirect(list_name)
    return render(request, template, {"form": form, "record": record})


@login_required
def document_create(request):
    return _register_form(request, CommitteeDocument, DocumentForm, actions.save_document,
                          "committees/document_form.html", "committee-document-list")


@login_required
def document_edit(request, pk):
    return _register_form(request, CommitteeDocument, DocumentForm, actions.save_document,
                          "committees/document_form.html", "committee-document-list", pk)


@login_required
def project_create(request):
    return _register_form(request, Project, ProjectForm, actions.save_project,
                          "committees/project_form.html", "project-list")


@login_required
def project_edit(request, pk):
    return _register_form(request, Project, ProjectForm, actions.save_project,
                          "committees/project_form.html", "project-list", pk)

