"""Web pages for petitions, receptions and hot spots. Changes go through `actions`."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oversight import audit
from oversight.accounts.models import User
from oversight.audit.choices import Action as AuditAction
from oversight.audit.sensitive import record_view
from oversight.base.compiled import Compiled
from oversight.base.reversed import reversed_name
from oversight.core import ratelimit
from oversight.core.errors import ConflictError, RuleError
from oversight.core.models import Notification
from oversight.core.pickers import assignee_options, find_assignee
from oversight.core.scoping import CHANGE, VIEW, ScopedQuerySet, visible_ids
from oversight.core.views import (
    ScopedDetailView,
    ScopedListView,
    apply_rule_error,
    require_change,
    selected_ids,
    unit_filter_options,
)
from oversight.identity import reveal
from oversight.identity.audit import disclosed
from oversight.petitions import (
    actions,
    deadlines,
    detail_extras,
    duplicates,
    rules,
    stages,
    timeline,
)
from oversight.petitions.choices import HostRole
from oversight.petitions.filtersets import HotspotFilterSet, PetitionFilterSet, ReceptionFilterSet
from oversight.petitions.forms import (
    AcceptForm,
    AssignForm,
    ClassifyForm,
    CorrectFactsForm,
    DestructionForm,
    ExtendForm,
    FileForm,
    GuideForm,
    HotspotForm,
    HotspotLinkForm,
    HotspotStatusForm,
    LinkDuplicateForm,
    PetitionForm,
    ReasonForm,
    ReceptionForm,
    ResumeForm,
    SettleForm,
    SuspendForm,
    TerminateForm,
    TransferForm,
    UrgeForm,
)
from oversight.petitions.models import (
    DeadlineRule,
    Hotspot,
    Petition,
    PetitionAttachment,
    Reception,
)
from oversight.petitions.transfers import transfer_progress
from oversight.units.models import Unit


def _person(user) -> str:
    return str(user) if user else ""


class PetitionListView(ScopedListView):
    model = Petition
    filterset_class = PetitionFilterSet
    template_name = "petitions/petition_list.html"
    sort_fields = ("received_on", "next_due", "subject", "status", "id")
    default_sort = "-received_on"
    list_name = "petitions"
    # The table's columns; no petitioner (a protected identity is never in a list or export).
    export_columns = (
        (gettext_lazy("No."), lambda p: p.pk),
        (gettext_lazy("Received"), lambda p: p.received_on),
        (gettext_lazy("Subject"), lambda p: p.subject),
        (gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        (gettext_lazy("Unit"), lambda p: p.unit_place),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Assignee"), lambda p: _person(p.assignee)),
        (gettext_lazy("Next deadline"), lambda p: p.next_due),
    )
    row_fields = ("received_on", "subject", "duplicate_of", "signatory_count", "status",
                  "next_due", "unit", "assignee", *User.name_columns("assignee"))

    def base_queryset(self):
        # the unit's place read with the row (`Unit.place_of`), not a unit for each row
        return Petition.objects.select_related("assignee").annotate(
            unit_place=Unit.place_of("unit_id"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        ctx["bulk_actions"] = BULK_ACTIONS
        ctx["bulk_url"] = reversed_name("petition-bulk")
        ctx["bulk_params_template"] = "petitions/_bulk_params.html"
        ctx["bulk_assignees"] = assignee_options(self.request.user, nobody=False)
        ctx["bulk_units"] = unit_filter_options(self.request.user, every=True)
        return ctx


class SuspendedListView(ScopedListView):
    """Petitions whose settlement is suspended: since when, why, and the deadline if resumed
    today."""

    model = Petition
    template_name = "petitions/suspended_list.html"
    sort_fields = ("suspended_since", "received_on", "id")
    default_sort = "suspended_since"

    def base_queryset(self):
        return Petition.objects.suspended().select_related("unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        specs, today = DeadlineRule.specs(), timezone.localdate()
        ctx["rows"] = [(p, p.suspensions[-1] if p.suspensions else {},
                        next((r for r in p.deadline_rows(today, specs)
                              if r["field"] == "settlement_due"), {}))
                       for p in ctx["object_list"]]
        return ctx


BULK_ACTIONS = (
    ("assign", gettext_lazy("Assign")),
    ("transfer", gettext_lazy("Transfer")),
    ("duplicate", gettext_lazy("Mark as duplicate")),
)


class _Refused(Exception):
    """Some record of a bulk action was refused: roll back the whole selection."""


def _bulk_step(request, name: str):
    """The action for one petition, with the selection's parameters; a RuleError refuses it."""

    data = request.POST
    if name == "assign":
        assignee = find_assignee(data.get("assignee", ""), request.user)
        if assignee is None:
            raise RuleError(_("Choose who to assign to."), field="assignee")
        return lambda petition: actions.assign(petition, by=request.user, assignee=assignee)
    if name == "transfer":
        unit = Unit.objects.filter(code=data.get("to_unit", "")).first()
        if unit is None:
            raise RuleError(_("Choose the unit to transfer to."), field="to_unit")
        reason = (data.get("reason") or "").strip()[:500]
        return lambda petition: actions.transfer(petition, by=request.user, to_unit=unit,
                                                 reason=reason)
    number = (data.get("duplicate_of") or "").strip().lstrip("#")
    original = (Petition.objects.restrict(request.user, VIEW).filter(pk=int(number)).first()
                if number.isdigit() and len(number) <= 18 else None)
    if original is None:
        raise RuleError(_("No such petition."), field="duplicate_of")
    return lambda petition: actions.link_duplicate(petition, by=request.user, original=original)


@require_POST
@login_required
def petition_bulk(request):
    """One action on the ticked petitions, each through `actions` as on its own page, all in
    one transaction: if the rules refuse any of them, nothing is changed and each refusal is
    listed with its reason."""
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    back = back or "petition-list"
    name = request.POST.get("action", "")
    ids = selected_ids(request.POST)
    if name not in dict(BULK_ACTIONS) or not ids:
        messages.error(request, _("Tick the petitions and choose an action."))
        return redirect(back)
    try:
        step = _bulk_step(request, name)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect(back)
    petitions = list(Petition.objects.restrict(request.user, CHANGE).filter(pk__in=ids)
                     .select_related("unit").order_by("pk"))
    refused = [(pk, _("not found or not yours to change"))
               for pk in sorted(set(ids) - {p.pk for p in petitions})]
    try:
        with transaction.atomic():
            for petition in petitions:
                try:
                    step(petition)
                except (RuleError, ConflictError) as error:
                    refused.append((petition.pk, str(error.message)))
            if refused:
                raise _Refused
    except _Refused:
        reasons = "; ".join(f"#{pk}: {reason}" for pk, reason in sorted(refused))
        messages.error(request, _("Nothing was changed: %(n)s of the %(total)s petitions "
                                  "cannot be handled so. %(reasons)s")
                       % {"n": len(refused), "total": len(ids), "reasons": reasons})
        return redirect(back)
    done = {"assign": _("%(n)s petitions assigned."),
            "transfer": _("%(n)s petitions transferred."),
            "duplicate": _("%(n)s petitions marked as duplicates.")}[name]
    messages.success(request, done % {"n": len(petitions)})
    return redirect(back)


@login_required
def petition_create(request):
    form = PetitionForm(request.POST or None, user=request.user)
    found, limited = [], False
    if request.method == "POST" and form.is_valid():
        try:
            petition = actions.create_petition(by=request.user, **form.action_values())
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("The petition is registered."))
            return redirect("petition-detail", petition.pk)
    if request.method == "POST":
        found, limited = _checked_candidates(request)
    return render(request, "petitions/petition_form.html",
                  {"form": form, "candidates": found, "limited": limited})


def _checked_candidates(request) -> tuple[list, bool]:
    """The ad hoc duplicate check of values being typed: limited per user and audited (the
    typed values are not written to the trail). It compares clear-text petitioners and
    content only, never a protected identity, so right and wrong guesses of a sealed
    denouncer's name get the same answer."""
    from django.conf import settings


    data = request.POST
    if not (data.get("content") or "").strip():
        return [], False
    allowed = ratelimit.within("duplicate-check", request.user, {
        60: settings.DUPLICATE_CHECKS_PER_MINUTE, 86400: settings.DUPLICATE_CHECKS_PER_DAY})
    found = []
    if allowed:
        petitioners = [{"name": data.get("petitioner_name", ""),
                        "id_number": data.get("petitioner_id_number", "")}]
        found = duplicates.for_viewer(duplicates.candidates(
            Petition.objects.restrict(request.user, VIEW).select_related("unit"),
            petitioners=petitioners, content=data.get("content", ""),
            subject=data.get("subject", ""), blind=False,
        ), request.user)
    audit.record("petition.duplicate_check", request=request, object_type_="petitions.petition",
                 detail={"refused": not allowed, "candidates": [p.pk for p, *_r in found],
                         "named": bool((data.get("petitioner_name") or "").strip()
                                       or (data.get("petitioner_id_number") or "").strip())})
    return found, not allowed


@login_required
def petition_duplicates(request):
    """htmx partial: probable duplicates of the petition being entered."""
    found, limited = _checked_candidates(request) if request.method == "POST" else ([], False)
    return render(request, "petitions/_duplicates.html",
                  {"candidates": found, "limited": limited})


ACTIONS = {
    "classify": (ClassifyForm, actions.classify, _("Classified.")),
    "accept": (AcceptForm, actions.accept, _("Accepted for settlement.")),
    "not-accept": (ReasonForm, actions.not_accept, _("Recorded as not accepted.")),
    "transfer": (TransferForm, actions.transfer, _("Transferred.")),
    "guide": (GuideForm, actions.guide, _("Recorded: the petitioner was guided.")),
    "file": (FileForm, actions.file, _("Filed.")),
    "begin-settlement": (AcceptForm, actions.begin_settlement, _("Settlement begun.")),
    "settle": (SettleForm, actions.settle, _("Settlement recorded.")),
    "extend": (ExtendForm, actions.extend, _("Time limit extended.")),
    "suspend": (SuspendForm, actions.suspend, _("Settlement suspended.")),
    "resume": (ResumeForm, actions.resume, _("Settlement resumed.")),
    "terminate": (TerminateForm, actions.terminate, _("Settlement terminated.")),
    "urge": (UrgeForm, actions.urge, _("The receiving agency has been urged.")),
    "correct": (CorrectFactsForm, actions.correct_facts,
                _("Facts corrected; the time limits were computed again.")),
    "link-duplicate": (LinkDuplicateForm, actions.link_duplicate, _("Linked as a duplicate.")),
    "assign": (AssignForm, actions.assign, _("Assigned.")),
    "hotspot": (HotspotLinkForm, actions.set_hotspot, _("Hot spot saved.")),
}
NEEDS_PETITION = {"classify", "assign", "hotspot", "correct"}
# How the page titles each action's card and colours its button.
TITLES = {
    "classify": (gettext_lazy("Classify (eligibility checklist)"), "btn-primary"),
    "accept": (gettext_lazy("Accept"), "btn-success"),
    "not-accept": (gettext_lazy("Do not accept"), "btn-outline-danger"),
    "transfer": (gettext_lazy("Transfer to another unit"), "btn-primary"),
    "guide": (gettext_lazy("Guide the petitioner"), "btn-primary"),
    "file": (gettext_lazy("File"), "btn-secondary"),
    "begin-settlement": (gettext_lazy("Begin settlement"), "btn-primary"),
    "settle": (gettext_lazy("Settle"), "btn-success"),
    "extend": (gettext_lazy("Extend the time limit"), "btn-warning"),
    "suspend": (gettext_lazy("Suspend the settlement"), "btn-outline-warning"),
    "resume": (gettext_lazy("Resume the settlement"), "btn-primary"),
    "terminate": (gettext_lazy("Terminate the settlement"), "btn-outline-danger"),
    "urge": (gettext_lazy("Urge the receiving agency"), "btn-warning"),
    "correct": (gettext_lazy("Correct complexity, area, locations, round"),
                "btn-outline-secondary"),
    "link-duplicate": (gettext_lazy("Link as a duplicate"), "btn-outline-secondary"),
    "assign": (gettext_lazy("Assign"), "btn-outline-secondary"),
    "hotspot": (gettext_lazy("Hot spot"), "btn-outline-secondary"),
}


def _form(name, petition, data=None):
    form_class = ACTIONS[name][0]
    if name in NEEDS_PETITION:
        return form_class(data, petition=petition)
    return form_class(data)


def _action_cards(petition, specs, bound: dict) -> list[dict]:
    """The action cards of the page, in order: each action the rules allow now with its form,
    and each action of this status that they refuse now, disabled, with the reason the action
    itself would give (`rules.offers`: the same functions the actions call)."""
    allowed, refused = rules.offers(petition, specs)
    cards = {name: {"name": name, "key": name.replace("-", "_"),
                    "form": bound.get(name) or _form(name, petition)} for name in allowed}
    for name, reason in refused:
        cards[name] = {"name": name, "key": name.replace("-", "_"), "refused": reason}
    for name in bound:  # the form just refused by the action, with its errors beside it
        cards[name] = {"name": name, "key": name.replace("-", "_"), "form": bound[name]}
    out = []
    for name in rules.NAMES:
        if name in cards:
            title, button = TITLES[name]
            out.append({**cards[name], "title": title, "button": button})
    return out


def _detail_context(request, petition, bound: dict | None = None) -> dict:
    bound = bound or {}
    specs = DeadlineRule.specs()
    cards = _action_cards(petition, specs, bound)
    context = {
        "petition": petition, "object": petition,
        "deadline_rows": _with_steps_done(petition, petition.deadline_rows(specs=specs)),
        "timeline": timeline.lines(petition),
        "action_cards": cards,
        "forms": {c["key"]: c["form"] for c in cards if "form" in c},
        "deadline_changes": petition.deadline_changes.order_by("-on", "-id")[:50],
        "events": petition.events.select_related("by").order_by("-on", "-at", "-id"),
        "transfers": transfer_progress(petition, request.user),
        "duplicates": Petition.objects.restrict(request.user, VIEW).filter(
            duplicate_of=petition).select_related("unit"),
        # Compared from what was registered (its own blind-index rows), never from typed
        # values; a non-custodian learns only "possible duplicate of #N" (issue 13).
        "candidates": duplicates.for_viewer(duplicates.candidates(
            Petition.objects.restrict(request.user, VIEW).filter(duplicate_of__isnull=True)
            .select_related("unit"), petitioners=petition.petitioners,
            content=petition.content, subject=petition.subject, exclude_pk=petition.pk,
            today=petition.received_on + dt.timedelta(days=365),
        ), request.user, petition) if not petition.duplicate_of_id else [],
        "attachments": reveal.attachments_for(request, petition),
        "allowed_moves": stages.allowed_moves(petition.status),
        "can_change": bool(Petition.objects.filter(pk=petition.pk)
                           .restrict(request.user, CHANGE).exists()),
    }
    for extra in detail_extras.extras():  # what apps above this one add (portal)
        context.update(extra(request, petition))
    return context


class PetitionDetailView(ScopedDetailView):
    model = Petition
    template_name = "petitions/petition_detail.html"

    def base_queryset(self):
        return Petition.objects.select_related("unit", "assignee", "hotspot", "reception",
                                               "duplicate_of", "transferred_from__unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_detail_context(self.request, self.object))
        record_view(self.request, self.object)
        return ctx


@require_POST
@login_required
def petition_action(request, pk, name):
    if name not in ACTIONS:
        raise Http404
    petition = get_object_or_404(Petition.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, petition)
    form_class, func, done = ACTIONS[name]
    form = _form(name, petition, request.POST)
    if form.is_valid():
        values = (form.action_values() if hasattr(form, "action_values")
                  else dict(form.cleaned_data))
        if name == "link-duplicate":
            original = Petition.objects.restrict(request.user, VIEW).filter(
                pk=values["original"]).first()
            if original is None:
                form.add_error("original", _("No such petition."))
            values["original"] = original
        if form.is_valid():
            try:
                version = request.POST.get("version", "")
                result = func(petition, by=request.user, **values,
                              expected_version=int(version) if version.isdigit() else None)
            except ConflictError as error:
                messages.error(request, error.message)
                return redirect("petition-detail", petition.pk)
            except RuleError as error:
                apply_rule_error(form, error)
            else:
                messages.success(request, done)
                if name == "transfer":
                    result = result[0]
                return redirect("petition-detail", petition.pk)
    petition.refresh_from_db()
    ctx = _detail_context(request, petition, bound={name: form})
    ctx["open_form"] = name.replace("-", "_")
    return render(request, "petitions/petition_detail.html", ctx, status=400)


@login_required
def attachment_download(request, pk):
    """Files are served only through this view, to users who may see the petition."""
    attachment = get_object_or_404(PetitionAttachment.objects.restrict(request.user, VIEW)
                                   .select_related("petition"), pk=pk)
    if attachment.sealed:
        if not reveal.may_open(request, attachment.petition):
            raise PermissionDenied(_(
                "This file may reveal the petitioner, whose identity is sealed: only the "
                "custodians of the identity open it. Ask them for a disclosure."))
        disclosed(attachment.petition, request.user, request=request,
                  note=f"original file {attachment.pk}")
    audit.record(AuditAction.DOWNLOAD, attachment, request=request,
                 detail={"petition": attachment.petition_id,
                         "file": attachment.neutral_name() if attachment.sealed
                         else attachment.original_name})
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def attachment_upload(request, pk):
    petition = get_object_or_404(Petition.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, petition)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        identifying = (request.POST.get("identifying") == "on"
                       if petition.identity_protected else None)
        try:
            actions.add_attachment(petition, by=request.user, upload=upload,
                                   identifying=identifying)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Attachment added."))
    return redirect("petition-detail", petition.pk)


@login_required
def destruction_list(request):
    """Filed and non-qualifying petitions kept a year: an officer records their destruction."""
    due = Petition.objects.restrict(request.user, CHANGE).due_for_destruction().select_related(
        "unit").order_by("decided_on", "id")
    form = DestructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = list(due.filter(pk__in=request.POST.getlist("petitions")))
        try:
            n = actions.record_destruction(chosen, by=request.user, **form.cleaned_data)
        except RuleError as error:
            if error.field == "petitions":
                messages.error(request, error.message)
            else:
                apply_rule_error(form, error)
        else:
            messages.success(request, _("Destruction recorded for %(n)s petitions.") % {"n": n})
            return redirect("petition-destruction")
    return render(request, "petitions/destruction_list.html", {"due": due, "form": form})


# --- Receptions -----------------------------------------------------------------------------

class ReceptionListView(ScopedListView):
    model = Reception
    filterset_class = ReceptionFilterSet
    template_name = "petitions/reception_list.html"
    sort_fields = ("held_on", "id")
    default_sort = "-held_on"
    list_name = "receptions"
    export_columns = (
        (gettext_lazy("No."), lambda r: r.pk),
        (gettext_lazy("Date"), lambda r: r.held_on),
        (gettext_lazy("Received by"), lambda r: r.host),
        (gettext_lazy("Kind"), lambda r: r.get_kind_display()),
        (gettext_lazy("Unit"), lambda r: r.unit.place),
        (gettext_lazy("Citizens"), lambda r: r.citizen_count),
        (gettext_lazy("Petitions"), lambda r: r.petition_total),
    )
    row_fields = ("held_on", "host", "host_role", "dialogue", "citizen_count", "group_size",
                  "unit", *Unit.place_columns("unit"))

    def base_queryset(self):
        return Reception.objects.select_related("unit").annotate(
            petition_total=Count("petitions"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        code = self.request.GET.get("unit")
        unit = (Unit.objects.filter(code=code).first() if code else self.request.user.unit)
        if unit is not None:
            today = timezone.localdate()
            first = dt.date(today.year - 1, today.month, 1)
            days = Reception.objects.restrict(self.request.user, VIEW).filter(
                unit_id__in=Unit.objects.lineage_ids(unit.pk),
                host_role=HostRole.PARTY_SECRETARY, held_on__gte=first,
            ).values_list("held_on", flat=True)
            ctx["missing_unit"] = unit
            ctx["missing_months"] = deadlines.months_without(days, first, today)
        return ctx


class ReceptionDetailView(ScopedDetailView):
    model = Reception
    template_name = "petitions/reception_detail.html"

    def base_queryset(self):
        return Reception.objects.select_related("unit", "hotspot")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["visible_petitions"] = self.object.petitions.restrict(self.request.user, VIEW)
        return ctx


@login_required
def reception_create(request):
    form = ReceptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            reception = actions.create_reception(by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Reception recorded."))
            return redirect("reception-detail", reception.pk)
    return render(request, "petitions/reception_form.html", {"form": form})


# --- Hot spots ------------------------------------------------------------------------------

class HotspotListView(ScopedListView):
    model = Hotspot
    filterset_class = HotspotFilterSet
    template_name = "petitions/hotspot_list.html"
    sort_fields = ("started_on", "name", "id")
    default_sort = "-started_on"
    list_name = "hotspots"
    export_columns = (
        (gettext_lazy("No."), lambda h: h.pk),
        (gettext_lazy("Name"), lambda h: h.name),
        (gettext_lazy("Unit"), lambda h: h.unit.place),
        (gettext_lazy("Status"), lambda h: h.get_status_display()),
        (gettext_lazy("Since"), lambda h: h.started_on),
        (gettext_lazy("Petitions"), lambda h: h.petition_total),
        (gettext_lazy("Receptions"), lambda h: h.reception_total),
    )
    row_fields = ("name", "status", "started_on", "unit", *Unit.place_columns("unit"))

    def base_queryset(self):
        return Hotspot.objects.select_related("unit").annotate(
            petition_total=Count("petitions", distinct=True),
            reception_total=Count("receptions", distinct=True))


class HotspotDetailView(ScopedDetailView):
    model = Hotspot
    template_name = "petitions/hotspot_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["petitions"] = self.object.petitions.restrict(self.request.user, VIEW).select_related(
            "unit").order_by("-received_on")
        ctx["receptions"] = self.object.receptions.order_by("-held_on")
        ctx["signatories"] = sum(p.signatory_count for p in ctx["petitions"])
        ctx["status_form"] = HotspotStatusForm(instance=self.object)
        return ctx


@login_required
def hotspot_status(request, pk):
    hotspot = get_object_or_404(Hotspot.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, hotspot)
    form = HotspotStatusForm(request.POST or None, instance=Hotspot.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_hotspot(hotspot, by=request.user, **form.cleaned_data)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status saved."))
    elif request.method == "POST":
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("hotspot-detail", hotspot.pk)


@login_required
def hotspot_create(request):
    form = HotspotForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            hotspot = actions.create_hotspot(by=request.user, **form.cleaned_data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Hot spot recorded."))
            return redirect("hotspot-detail", hotspot.pk)
    return render(request, "petitions/hotspot_form.html", {"form": form})


def _with_steps_done(petition, rows):
    """Mark each deadline row `done` when its step is behind the petition (the status that
    ran it has passed), so the table says which steps are done and which still run."""
    current = stages.ORDER.index(petition.status)
    passed = {field for status, fields in stages.RUNNING.items()
              if stages.ORDER.index(status) < current or petition.status in stages.CLOSED
              for field in fields}
    for row in rows:
        row["done"] = bool(row["due"] and not row["running"] and row["field"] in passed)
    return rows


# --- Notifications --------------------------------------------------------------------------

@login_required
def notification_list(request):
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read=False).update(read=True)
        return redirect("notification-list")
    items = _still_visible(request.user, Notification.objects.filter(user=request.user)
                           .order_by("read", "-created_at", "-id")[:200])
    return render(request, "petitions/notification_list.html", {"items": items})


class _Notice(NamedTuple):
    record_type: str
    record_id: int | None
    link: str


# The bell's statement, on every page: compiled once (`base.compiled`). What says which record
# a notice is about, newest first, at most UNREAD_CAP.
UNREAD_CAP = 100
_unread = Compiled(lambda user_id: Notification.objects.filter(user_id=user_id, read=False)
                   .order_by("-created_at", "-id")
                   .values_list("record_type", "record_id", "link")[:UNREAD_CAP], int)


def unread_count(user) -> int:
    """Unread notices the user may still open (the bell and the API's `unread`): a notice about
    a record made secret since is not counted either (up to UNREAD_CAP, shown as "99+"
    beyond)."""
    return len(_still_visible(user, [_Notice(*row) for row in _unread.rows(user.pk)]))


def _still_visible(user, notifications) -> list:
    """A notice about a record is shown only while the user may open that record (its link's
    page would not answer 404): a petition made secret after the notice was sent is no longer
    named to someone not on its access list. The record is the notice's own (record_type,
    record_id), else the one its link opens."""
    from django.apps import apps
    from django.urls import Resolver404, resolve


    keyed, wanted = [], {}
    for notice in notifications:
        key, model, pk = None, None, None
        if notice.record_type and notice.record_id:
            try:
                model, pk = apps.get_model(notice.record_type), notice.record_id
            except (LookupError, ValueError):
                model = None
        if model is None:
            try:
                match = resolve(notice.link.split("?")[0].split("#")[0]) if notice.link else None
            except Resolver404:
                match = None
            view = getattr(match.func, "view_class", None) if match else None
            model = getattr(view, "model", None)
            pk = match.kwargs.get("pk") if match else None
        if model is not None and pk is not None and isinstance(
                model._default_manager.all(), ScopedQuerySet):
            key = (model, int(pk))
            wanted.setdefault(model, set()).add(int(pk))
        keyed.append((notice, key))
    allowed = {model: visible_ids(model, ids, user) for model, ids in wanted.items()}
    return [notice for notice, key in keyed if key is None or key[1] in allowed[key[0]]]


@require_POST
@login_required
def notification_open(request, pk):
    """Mark one notification read and go to its record (the list if it has no link)."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if not note.read:
        note.read = True
        note.save(update_fields=["read"])
    link = note.link if note.link and url_has_allowed_host_and_scheme(
        note.link, {request.get_host()}) else ""
    return redirect(link or "notification-list")
