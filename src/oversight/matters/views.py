"""Web pages for matters and directions. Changes go through `actions`, as in the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oversight.accounts.models import User
from oversight.audit.sensitive import record_view
from oversight.core.errors import RuleError
from oversight.core.parties import with_parent_visible
from oversight.core.scoping import CHANGE, VIEW, can
from oversight.core.views import ScopedDetailView, ScopedListView, apply_rule_error, require_change
from oversight.matters import actions, replies, stages, timeline
from oversight.matters.filtersets import DirectionFilterSet, MatterFilterSet
from oversight.matters.forms import (
    AnswerForm,
    CompleteForm,
    DefendantForm,
    DirectionForm,
    ExtensionAskForm,
    ExtensionDecisionForm,
    MatterForm,
    PartyReplyForm,
    StageMoveForm,
    UrgeForm,
)
from oversight.matters.models import Direction, Matter
from oversight.units.models import Unit

# Runs back up (matters -> workcalendar): a direction's page lists the escalation steps fired.
from oversight.workcalendar import escalation


class MatterListView(ScopedListView):
    model = Matter
    filterset_class = MatterFilterSet
    template_name = "matters/matter_list.html"
    sort_fields = ("title", "monitored_from", "stage", "loss_amount", "completed_on", "id")
    default_sort = "-monitored_from"
    list_name = "matters"
    export_columns = (
        (gettext_lazy("No."), lambda m: m.pk),
        (gettext_lazy("Title"), lambda m: m.title),
        (gettext_lazy("Unit"), lambda m: m.responsible_unit_place),
        (gettext_lazy("Kind"), lambda m: m.get_kind_display()),
        (gettext_lazy("Stage"), lambda m: m.get_stage_display()),
        (gettext_lazy("Since"), lambda m: m.monitored_from),
        (gettext_lazy("Completed"), lambda m: m.completed_on),
        (gettext_lazy("Defendants"), lambda m: m.defendant_total),
        (gettext_lazy("Loss (VND)"), lambda m: m.loss_amount),
    )
    row_fields = ("title", "corruption", "stage", "monitored_from", "completed_on",
                  "loss_amount", "responsible_unit", "assignee", *User.name_columns("assignee"))

    def base_queryset(self):
        # counts in a subquery, for the page's rows only (not grouped over the whole table);
        # the unit's place read with the row (`Unit.place_of`), not a unit for each row
        return (Matter.objects.select_related("assignee").with_defendant_count()
                .annotate(responsible_unit_place=Unit.place_of("responsible_unit_id")))


class MatterDetailView(ScopedDetailView):
    model = Matter
    template_name = "matters/matter_detail.html"

    def base_queryset(self):
        return Matter.objects.select_related("responsible_unit").prefetch_related(
            "criteria", "agencies", "defendants"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        matter = self.object
        ctx["timeline"] = timeline.lines(matter)
        ctx["directions"] = matter.directions.select_related("addressee").order_by("due_on")
        ctx["allowed_moves"] = stages.allowed_moves(matter.stage)
        ctx["move_form"] = StageMoveForm(matter=matter)
        ctx["complete_form"] = CompleteForm()
        ctx["can_change"] = can(self.request.user, CHANGE, matter)
        record_view(self.request, matter)
        return ctx


def _form_values(form, exclude=()):
    return {k: v for k, v in form.cleaned_data.items() if k not in exclude}


@login_required
def matter_create(request):
    form = MatterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form, exclude=("criteria", "agencies", "version"))
        try:
            matter = actions.create_matter(
                by=request.user, criteria=form.cleaned_data["criteria"],
                agencies=form.cleaned_data["agencies"], **data,
            )
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("The matter is under monitoring."))
            return redirect("matter-detail", matter.pk)
    return render(request, "matters/matter_form.html", {"form": form})


@login_required
def matter_edit(request, pk):
    matter = get_object_or_404(Matter.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, matter)
    form = MatterForm(request.POST or None, instance=Matter.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form, exclude=("criteria", "agencies", "version"))
        if matter.completed_on:
            data.pop("completed_on", None)
        try:
            actions.update_matter(matter, by=request.user, criteria=form.cleaned_data["criteria"],
                                  agencies=form.cleaned_data["agencies"],
                                  expected_version=form.cleaned_data.get("version"), **data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("matter-detail", matter.pk)
    return render(request, "matters/matter_form.html", {"form": form, "matter": matter})


@require_POST
@login_required
def matter_move(request, pk):
    matter = get_object_or_404(Matter.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, matter)
    form = StageMoveForm(request.POST, matter=matter)
    if form.is_valid():
        try:
            actions.move_stage(matter, form.cleaned_data["stage"], by=request.user,
                               on=form.cleaned_data["on"], note=form.cleaned_data["note"])
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Stage changed."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("matter-detail", matter.pk)


@require_POST
@login_required
def matter_complete(request, pk):
    matter = get_object_or_404(Matter.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, matter)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            actions.complete(matter, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Recorded as completely handled."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("matter-detail", matter.pk)


@login_required
def defendant_create(request, pk):
    matter = get_object_or_404(Matter.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, matter)
    form = DefendantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_defendant(matter, by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Defendant added."))
            return redirect("matter-detail", matter.pk)
    return render(request, "matters/defendant_form.html", {"form": form, "matter": matter})


class DirectionListView(ScopedListView):
    model = Direction
    filterset_class = DirectionFilterSet
    template_name = "matters/direction_list.html"
    sort_fields = ("due_on", "issued_on", "id")
    default_sort = "due_on"
    list_name = "directions"
    export_columns = (
        (gettext_lazy("No."), lambda d: d.pk),
        (gettext_lazy("Due on"), lambda d: d.due_on),
        (gettext_lazy("Status"), lambda d: d.get_current_status_display()),
        (gettext_lazy("Direction"), lambda d: d.text),
        (gettext_lazy("Matter"), lambda d: d.matter.title if d.matter_visible else ""),
        (gettext_lazy("Addressee"), lambda d: d.addressee.name),
        (gettext_lazy("Issuing unit"), lambda d: d.unit_place),
        (gettext_lazy("Issued"), lambda d: d.issued_on),
        (gettext_lazy("Reminders"), lambda d: d.reminder_total),
    )
    row_fields = ("due_on", "status", "text", "issued_on", "matter", "matter__title",
                  "matter__security_classification", "addressee",
                  *Unit.place_columns("addressee"), "unit", "assignee",
                  *User.name_columns("assignee"))

    def base_queryset(self):
        # the addressee sees its directions, not the matters it may not see (core.parties);
        # flagged in the list's build, so that a kept plan holds it (core.listplans)
        return with_parent_visible(
            Direction.objects.select_related("addressee", "matter", "assignee")
            .with_status().with_reminder_count()
            .annotate(unit_place=Unit.place_of("unit_id")),  # not a unit for each row
            self.request.user, "matter")


class DirectionDetailView(ScopedDetailView):
    model = Direction
    template_name = "matters/direction_detail.html"

    def base_queryset(self):
        return Direction.objects.select_related("unit", "addressee", "matter")

    def get_queryset(self):
        return with_parent_visible(super().get_queryset(), self.request.user, "matter")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reminders"] = self.object.reminders.select_related("by")
        ctx["escalations"] = escalation.fired_for("direction", self.object.pk)
        ctx["urge_form"] = UrgeForm()
        ctx["answer_form"] = AnswerForm(initial={"done": True})
        # The parties' actions, offered only when the rules allow them (matters.replies).
        direction = self.object
        ctx["may"] = replies.offered(self.request.user, direction)
        ctx["history"] = timeline.direction_lines(direction)
        ctx["extension_requests"] = direction.extension_requests.select_related(
            "requested_by", "decided_by")
        ctx["pending_extension"] = replies.pending_request(direction)
        ctx["reply_form"] = PartyReplyForm()
        ctx["ask_form"] = ExtensionAskForm()
        ctx["decision_form"] = ExtensionDecisionForm(initial={"grant": "yes"})
        ctx["can_change"] = can(self.request.user, CHANGE, self.object)
        return ctx


@login_required
def direction_create(request):
    initial = {}
    if request.GET.get("matter"):
        initial["matter"] = request.GET["matter"]
    form = DirectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data["matter"].responsible_unit if data.get("matter") else request.user.unit
        try:
            if unit is None:
                raise RuleError(_("Your account has no unit."), field="matter")
            direction = actions.issue_direction(by=request.user, unit=unit, **data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Direction issued."))
            return redirect("direction-detail", direction.pk)
    return render(request, "matters/direction_form.html", {"form": form})


def _direction_for_change(request, pk):
    direction = get_object_or_404(Direction.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, direction)
    return direction


@require_POST
@login_required
def direction_urge(request, pk):
    direction = _direction_for_change(request, pk)
    form = UrgeForm(request.POST)
    if form.is_valid():
        try:
            actions.urge_direction(direction, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The addressee has been urged."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("direction-detail", direction.pk)


@require_POST
@login_required
def direction_answer(request, pk):
    direction = _direction_for_change(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_direction(direction, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Reply recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("direction-detail", direction.pk)


def _party_action(request, pk, name, form_class, act, done_message):
    """A party's action from the direction's page: the direction as the user may see it (404
    otherwise); the rules (matters.replies) refuse the wrong side (403, before anything else)
    or a wrong state (the reason shown on the page)."""
    direction = get_object_or_404(Direction.objects.restrict(request.user, VIEW), pk=pk)
    found = replies.refusal(request.user, direction, name)
    if found is not None and found.forbidden:
        raise found.error()
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(direction, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done_message)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("direction-detail", direction.pk)


@require_POST
@login_required
def direction_reply(request, pk):
    return _party_action(request, pk, replies.REPLY, PartyReplyForm, replies.reply,
                         _("Report sent."))


@require_POST
@login_required
def direction_request_extension(request, pk):
    return _party_action(request, pk, replies.REQUEST_EXTENSION, ExtensionAskForm,
                         replies.request_extension,
                         _("Request for more time sent to the issuing unit."))


@require_POST
@login_required
def direction_decide_extension(request, pk):
    return _party_action(request, pk, replies.DECIDE_EXTENSION, ExtensionDecisionForm,
                         replies.decide_extension,
                         _("Decision recorded."))
