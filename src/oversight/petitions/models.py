"""Petitions, citizen receptions, hot spots and the time limits that apply to them."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.core.classification import Classified
from oversight.core.encrypted_storage import encrypted_storage
from oversight.core.events import DatedEvent
from oversight.core.scoping import ScopedQuerySet
from oversight.petitions import deadlines, stages
from oversight.petitions.choices import (
    Channel,
    Classification,
    Complexity,
    DayCount,
    DeadlineCause,
    DeadlineField,
    EventKind,
    HostRole,
    HotspotStatus,
    Outcome,
    PetitionKind,
    ReceptionKind,
    StartEvent,
    Status,
)


class DeadlineRule(models.Model):
    """A legal time limit, editable by the administrator. The most specific matching rule for
    a deadline field wins; empty conditions match anything."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    field = models.CharField(_("deadline"), max_length=32, choices=DeadlineField.choices)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    kinds = models.CharField(
        _("petition kinds"), max_length=200, blank=True,
        help_text=_("Comma-separated kinds (complaint, denunciation…); empty: all."),
    )
    complaint_round = models.PositiveSmallIntegerField(
        _("complaint round"), null=True, blank=True, help_text=_("Empty: any round.")
    )
    complexities = models.CharField(
        _("complexities"), max_length=100, blank=True,
        help_text=_("Comma-separated (normal, complex, especially_complex); empty: all."),
    )
    remote_area = models.BooleanField(_("remote area"), null=True, blank=True)
    multi_location = models.BooleanField(_("several locations"), null=True, blank=True)
    start = models.CharField(_("counted from"), max_length=16, choices=StartEvent.choices,
                             default=StartEvent.RECEIPT)
    days = models.PositiveSmallIntegerField(_("days"))
    count = models.CharField(_("day count"), max_length=16, choices=DayCount.choices,
                             default=DayCount.WORKING)
    extensions_allowed = models.PositiveSmallIntegerField(_("extensions allowed"), default=0)
    extension_max_days = models.PositiveSmallIntegerField(_("maximum days per extension"),
                                                          default=0)
    suspension_allowed = models.BooleanField(
        _("suspension allowed"), default=False,
        help_text=_("The settlement may be suspended (the suspended days are not counted)."))
    suspension_basis = models.CharField(_("legal basis of suspension"), max_length=300,
                                        blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["field", "code"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self):
        return f"{self.label} ({self.legal_basis})"

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi

    def spec(self) -> deadlines.RuleSpec:
        def split(value):
            return frozenset(v.strip() for v in value.split(",") if v.strip())

        return deadlines.RuleSpec(
            code=self.code, field=self.field, days=self.days, count=self.count,
            start=self.start, kinds=split(self.kinds), complaint_round=self.complaint_round,
            complexities=split(self.complexities), remote_area=self.remote_area,
            multi_location=self.multi_location, extensions_allowed=self.extensions_allowed,
            extension_max_days=self.extension_max_days,
            suspension_allowed=self.suspension_allowed, suspension_basis=self.suspension_basis,
            label=self.label, legal_basis=self.legal_basis,
        )

    @classmethod
    def specs(cls) -> list[deadlines.RuleSpec]:
        return [r.spec() for r in cls.objects.filter(active=True).order_by("id")]


class Hotspot(models.Model):
    """A mass, complicated, prolonged complaint (khiếu kiện đông người, phức tạp, kéo dài)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="hotspots")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    started_on = models.DateField(_("since"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=HotspotStatus.choices,
                              default=HotspotStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("hot spot")
        verbose_name_plural = _("hot spots")

    def __str__(self):
        return self.name


class Reception(models.Model):
    """A citizen reception (tiếp công dân), possibly with a dialogue."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="receptions")
    held_on = models.DateField(_("date"))
    host = models.CharField(_("received by"), max_length=200,
                            help_text=_("Name and position of who received the citizens."))
    host_role = models.CharField(_("role of the host"), max_length=32, choices=HostRole.choices,
                                 default=HostRole.PARTY_SECRETARY)
    kind = models.CharField(_("kind"), max_length=16, choices=ReceptionKind.choices,
                            default=ReceptionKind.REGULAR)
    dialogue = models.BooleanField(_("dialogue"), default=False)
    citizens = models.TextField(_("citizens received"), blank=True,
                                help_text=_("One name per line."))
    citizen_count = models.PositiveIntegerField(_("citizens received (number)"), default=1)
    group_size = models.PositiveIntegerField(_("people in the group"), default=0)
    outcome = models.TextField(_("outcome"), blank=True)
    hotspot = models.ForeignKey(Hotspot, verbose_name=_("hot spot"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="receptions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("citizen reception")
        verbose_name_plural = _("citizen receptions")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} — {self.host}"


class PetitionQuerySet(ScopedQuerySet):
    def distinct_petitions(self):
        """Each petition once: duplicates of another petition are left out (for reports)."""
        return self.filter(duplicate_of__isnull=True)

    def overdue(self, today: dt.date | None = None):
        """Petitions whose running deadline has lapsed on `today` (core.calendar.lapsed)."""
        return self.filter(next_due__lt=calendar.overdue_cutoff(today or timezone.localdate()))

    def overdue_at_end(self, end: dt.date):
        """Petitions whose running deadline, as it stood at the end of `end` (the deadline
        history), had passed by then: what was overdue at a past period's end, not today."""
        return self.filter(pk__in=DeadlineChange.running_lapsed_at(end))

    def suspended(self):
        return self.filter(suspended_since__isnull=False)

    def due_for_destruction(self, today: dt.date | None = None):
        """Filed and non-qualifying petitions kept a full year and not yet destroyed."""
        today = today or timezone.localdate()
        try:
            cutoff = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - 1, day=28)
        return self.filter(status__in=stages.KEPT_ONE_YEAR, decided_on__lte=cutoff,
                           destroyed_on__isnull=True)


class Petition(Classified, models.Model):
    """A petition (đơn thư): complaint, denunciation, recommendation or reflection."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("receiving unit"),
                             on_delete=models.PROTECT, related_name="petitions")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices,
                               default=Channel.POST)
    kind = models.CharField(_("kind"), max_length=16, choices=PetitionKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    petitioners = models.JSONField(_("petitioners"), default=list, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    protection_requested = models.BooleanField(
        _("petitioner asks for protection"), default=False,
        help_text=_("The petitioner's identity is encrypted and shown only with a custodian's "
                    "approval. Always so for denunciations."))
    identity_envelope = models.ForeignKey(
        "identity.Envelope", null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="petitions", help_text="The sealed identity fields of the petitioners.")
    respondents = models.JSONField(_("persons or organisations concerned"), default=list,
                                   blank=True)
    petitioner_keys = models.TextField(editable=False, blank=True,
                                       help_text="Folded names and ID numbers, for duplicates.")
    complexity = models.CharField(_("complexity"), max_length=20, choices=Complexity.choices,
                                  default=Complexity.NORMAL)
    remote_area = models.BooleanField(_("remote area"), default=False)
    multi_location = models.BooleanField(_("several locations"), default=False)
    complaint_round = models.PositiveSmallIntegerField(
        _("complaint round"), default=1, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    signatory_count = models.PositiveIntegerField(_("signatories"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.RECEIVED)

    classification = models.CharField(_("classification"), max_length=32, blank=True,
                                      choices=Classification.choices)
    eligibility = models.JSONField(_("eligibility checklist"), default=dict, blank=True)
    ineligibility_reason = models.TextField(_("why it does not qualify"), blank=True)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True,
                                  help_text=_("Date of not accepting, transferring, guiding "
                                              "or filing."))
    decision_reason = models.TextField(_("reason"), blank=True)
    guided_to = models.CharField(_("guided to"), max_length=300, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    extensions = models.JSONField(_("extensions (days)"), default=list, blank=True)
    suspensions = models.JSONField(
        _("suspensions"), default=list, blank=True, editable=False,
        help_text="[{on, resumed_on, reason, basis}] — the settlement's suspensions.")
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True,
                                       editable=False)
    decision_known_on = models.DateField(
        _("complainant learned of the decision on"), null=True, blank=True,
        help_text=_("Complaints: the day the complainant received or learned of the decision "
                    "or act complained about (starts the 90-day filing window)."))
    late_filing_reason = models.TextField(
        _("reason for filing late"), blank=True,
        help_text=_("The obstacle the complainant proves (illness, disaster, travel…)."))
    late_filing_accepted = models.BooleanField(_("late filing accepted"), null=True,
                                               blank=True)

    processing_due = models.DateField(_("processing due"), null=True, blank=True)
    transfer_due = models.DateField(_("transfer due"), null=True, blank=True)
    notice_due = models.DateField(_("notice due"), null=True, blank=True)
    acceptance_due = models.DateField(_("acceptance due"), null=True, blank=True)
    settlement_due = models.DateField(_("settlement due"), null=True, blank=True)
    filing_due = models.DateField(_("filing window ends"), null=True, blank=True)
    next_due = models.DateField(_("next deadline"), null=True, blank=True)
    overdue_marked_on = models.DateField(_("marked overdue on"), null=True, blank=True)
    # The deadline history's standing running-deadline row (`DeadlineChange`, field next_due,
    # until empty) copied here: the deadline it set (`new`) and its date (`on`), written only
    # beside the history (`copy_standing_running`). The report's "overdue at the end" reads
    # a standing deadline from the petitions' own grouped statement, one more condition on a
    # row it reads anyway; a history row is probed only when superseded after the period's
    # end (national report: 70,000 probes of two years → a few thousand, issue 17). It is
    # not `next_due`: the history can be corrected (a back-dated row) without the petition.
    standing_due = models.DateField(_("running deadline, as recorded"), null=True, blank=True,
                                    editable=False)
    standing_due_on = models.DateField(_("running deadline recorded on"), null=True,
                                       blank=True, editable=False)

    duplicate_of = models.ForeignKey("self", verbose_name=_("duplicate of"), null=True,
                                     blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates")
    transferred_from = models.ForeignKey("self", verbose_name=_("transferred from"), null=True,
                                         blank=True, on_delete=models.PROTECT,
                                         related_name="transfers")
    hotspot = models.ForeignKey(Hotspot, verbose_name=_("hot spot"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="petitions")
    reception = models.ForeignKey(Reception, verbose_name=_("registered at reception"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="petitions")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_petitions")
    destroyed_on = models.DateField(_("destroyed on"), null=True, blank=True)
    destruction_decision = models.CharField(_("destruction decision"), max_length=300,
                                            blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PetitionQuerySet.as_manager()
    scope_unit_field = "unit"
    # A transferred petition's sender follows the receiver's record (its status and dates,
    # `restrict(user, FOLLOW)`) as far as it may see its own; it does not read it, and its
    # lists, counts and reports hold its own records only (core.parties).
    scope_unit_paths = ("unit", "transferred_from__unit")
    scope_followers = {"transferred_from__unit": "transferred_from"}
    scope_classified_field = ""
    # Few petitions are classified (a denunciation's protection is its sealed identity, not
    # its classification): need-to-know reads "not a petition hidden from the reader" (the
    # classified ones off the reader's lists, from `petition_classified`), a condition on the
    # id alone, so a unit's count is answered from the index (unit, received_on, id) without
    # reading the rows (SQLite 4.5 → 0.3 ms for a unit's year, issue 17).
    scope_classified_few = True

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["next_due"]),
            # docs/performance.md: the list filters, from their query plans
            # with the id: a unit's list in its order (received, then id) is read 50 rows at a
            # time from the index instead of sorting every petition of the unit and year
            models.Index(fields=["unit", "received_on", "id"],
                         name="petition_unit_received_id"),
            models.Index(fields=["status", "received_on"], name="petition_status_received"),
            models.Index(fields=["unit", "next_due"], name="petition_unit_next_due"),
            models.Index(fields=["id"], condition=~models.Q(security_classification="normal"),
                         name="petition_classified"),
            # The report's probe of each lapsed deadline's petition (its unit, whether it
            # counts: `reports.catalogue._petition_counted`) from the index, not the row
            # (a petition row is large; the national standing piece: 250 → 130 ms, issue 17).
            models.Index(fields=["id", "unit", "received_on", "duplicate_of"],
                         name="petition_counted_unit"),
            # The standing running deadlines (open petitions only: a closed one's is empty),
            # the report's overdue condition within the petitions' statement (a bitmap OR
            # on PostgreSQL beside the date indexes).
            models.Index(fields=["standing_due", "standing_due_on"],
                         condition=models.Q(standing_due__isnull=False),
                         name="petition_standing_due"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        """Every saved change makes a new version (optimistic locking: the actions compare
        the version a form or request was based on, see `actions._lock`)."""
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def copy_standing_running(self, row) -> bool:
        """Copy the history's standing `next_due` row (None: no history) onto the petition
        (not saved). Returns whether the copy changed."""
        copy = (row.new, row.on) if row is not None else (None, None)
        changed = (self.standing_due, self.standing_due_on) != copy
        self.standing_due, self.standing_due_on = copy
        return changed

    @property
    def identity_protected(self) -> bool:
        """The petitioners' identity fields are sealed (see `oversight.identity`)."""
        return self.identity_envelope_id is not None

    @property
    def petitioner_names(self) -> str:
        if self.anonymous:
            return str(_("Anonymous"))
        if self.identity_protected:
            return str(_("Protected identity"))
        return ", ".join(p.get("name", "") for p in self.petitioners if p.get("name"))

    def facts(self) -> deadlines.PetitionFacts:
        return deadlines.PetitionFacts(
            kind=self.kind, received_on=self.received_on, accepted_on=self.accepted_on,
            complaint_round=self.complaint_round, complexity=self.complexity,
            remote_area=self.remote_area, multi_location=self.multi_location,
            extensions=tuple(self.extensions or ()),
            suspensions=self.suspension_spans(), decision_known_on=self.decision_known_on,
        )

    def suspension_spans(self) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """(suspended on, resumed on or None) of each suspension."""
        return tuple(
            (dt.date.fromisoformat(item["on"]),
             dt.date.fromisoformat(item["resumed_on"]) if item.get("resumed_on") else None)
            for item in self.suspensions or ())

    @property
    def filed_late(self) -> bool:
        return deadlines.filed_late(self.facts(), self.filing_due)

    def deadline_rows(self, today: dt.date | None = None, specs=None) -> list[dict]:
        """Each deadline with its rule, legal basis, whether it is running and overdue, the
        calendar exceptions its count met ("Saturday 10/1/2026 is a working day: …") and,
        for the settlement, its suspension ("suspended since …", the date if resumed today).

        Pass `specs` (DeadlineRule.specs()) when listing many petitions: one query for all."""
        today = today or timezone.localdate()
        specs = specs if specs is not None else DeadlineRule.specs()
        facts = self.facts()
        computed = deadlines.compute(specs, facts)
        running = stages.RUNNING.get(self.status, ())
        resumed_today = (deadlines.compute(specs, facts, resumed_on=today)
                         if self.suspended_since else {})
        rows = []
        for name, label in DeadlineField.choices:
            item = computed[name]
            due = getattr(self, name)
            is_running = name in running and due is not None
            if_resumed = resumed_today.get(name)
            rows.append({
                "field": name, "label": label, "due": due,
                "rule": item.rule.label if item.rule else "",
                "legal_basis": item.rule.legal_basis if item.rule else "",
                "rule_code": item.rule.code if item.rule else "",
                "running": is_running,
                "overdue": is_running and calendar.lapsed(due, today),
                "exceptions": [exception_row(e) for e in item.exceptions]
                if item.due == due else [],
                "suspended_since": item.suspended_since if item.due is None else None,
                "suspended_days": item.suspended_days,
                "if_resumed_today": if_resumed.due if if_resumed and item.due is None
                else None,
            })
        return rows

    @property
    def is_overdue(self) -> bool:
        return self.next_due is not None and calendar.lapsed(self.next_due,
                                                             timezone.localdate())


def exception_row(entry: calendar.Entry) -> dict:
    """A calendar exception in words: "Saturday 10/01/2026 is a working day: 12729/VPCP-KGVX"."""
    from django.utils.dates import WEEKDAYS
    from django.utils.translation import gettext

    values = {"weekday": WEEKDAYS[calendar.day_of_week(entry.day)],
              "date": entry.day.strftime("%d/%m/%Y"), "basis": entry.basis}
    text = (gettext("%(weekday)s %(date)s is a working day: %(basis)s") if entry.working
            else gettext("%(weekday)s %(date)s is a day off: %(basis)s")) % values
    return {"date": entry.day, "kind": entry.kind, "basis": entry.basis, "text": text}


class PetitionEvent(DatedEvent):
    """One entry of a petition's timeline: who did what, when."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)

    scope_unit_field = "petition__unit"
    scope_classified_field = "petition"

    class Meta(DatedEvent.Meta):
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")


class LapsedAcross(models.Expression):
    """A deadline row whose deadline (`new`) had passed on `day` and that was superseded
    after it: new < day < until.

    On PostgreSQL written as new < until and `day` inside the open range (new, until), which
    the GiST index `deadline_change_lapsed_span` (migration 0024, partial on new < until)
    answers from the index alone: "superseded after D" is a range of the B-tree, but it holds
    every change made since D (most of a long history), of which the ones lapsed across D are
    a few hundred to a few thousand; an interval is found by its span, not by either end
    (national set: 23–84 → 0.7–0.9 ms, issue 17). Elsewhere the two comparisons, which the
    report's other conditions already make (a harmless repeat)."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, day: dt.date):
        super().__init__()
        self.day = day
        self.new, self.until = models.F("new"), models.F("until")

    def get_source_expressions(self):
        return [self.new, self.until]

    def set_source_expressions(self, exprs):
        self.new, self.until = exprs

    def as_sql(self, compiler, connection):
        new, until = compiler.compile(self.new)[0], compiler.compile(self.until)[0]
        return f"({new} < %s AND {until} > %s)", [self.day, self.day]

    def as_postgresql(self, compiler, connection):
        new, until = compiler.compile(self.new)[0], compiler.compile(self.until)[0]
        return (f"({new} < {until} AND daterange({new}, greatest({new}, {until}), '()') "
                "@> %s::date)", [self.day])


class DeadlineChange(models.Model):
    """One change of one deadline of a petition (the deadline history): the field, the date
    before and after (None: not running), the legal date of the change (`on`: the day of the
    intake, acceptance, extension, suspension, resumption or calendar change) and its cause.

    `next_due` rows are the running deadline: "overdue at the end of a period" counts what was
    overdue then (`running_lapsed_at`), not what is overdue today."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE,
                                 related_name="deadline_changes")
    field = models.CharField(_("deadline"), max_length=32)
    old = models.DateField(_("from"), null=True, blank=True)
    new = models.DateField(_("to"), null=True, blank=True)
    on = models.DateField(_("date"))
    # The day the next change of the same deadline of the same petition took over (its `on`,
    # in the history's order: on, id); empty while this one stands. "The deadline as it stood
    # on D" is then one index range (on <= D < until), not a search for a later change per
    # row: the national report reads it for every petition (`running_lapsed_at`).
    until = models.DateField(_("in force until"), null=True, blank=True, editable=False)
    cause = models.CharField(_("cause"), max_length=16, choices=DeadlineCause.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "petition__unit"
    scope_classified_field = "petition"

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        # "Overdue at the end of D" (`running_lapsed_q`) is two ranges of (field, until, new):
        # the standing rows (until empty) with new < D, and the rows superseded after D. An
        # index on (field, on) would tempt SQLite's planner into every change before D. The
        # date of the change and the petition follow in the index so that the report reads
        # them there, not from the rows (on PostgreSQL a heap page per lapsed row, issue 17).
        indexes = [models.Index(fields=["petition", "field", "on"]),
                   models.Index(fields=["field", "until", "new", "on", "petition"],
                                name="deadline_change_running")]

    def __str__(self):
        return f"{self.field} {self.old} → {self.new} ({self.on})"

    @property
    def field_label(self) -> str:
        if self.field == "next_due":
            return str(_("Running deadline"))
        return str(dict(DeadlineField.choices).get(self.field, self.field))

    @staticmethod
    def running_lapsed_q(end: dt.date, piece: str = "") -> models.Q:
        """The history rows that make a petition overdue at the end of `end`: the `next_due`
        change in force then (dated on or before it, `until` empty or after it: one row per
        petition at most) put the deadline before `end`. `piece`: only the rows still
        standing (until empty) or only those superseded after `end`; each is one range of
        the index (field, until, new), their OR is not."""
        lapsed = models.Q(field="next_due", on__lte=end, new__lt=end)
        standing = models.Q(until__isnull=True)
        superseded = models.Q(until__gt=end) & models.Q(LapsedAcross(end))
        if piece:
            return lapsed & {"standing": standing, "superseded": superseded}[piece]
        return lapsed & (standing | superseded)

    @classmethod
    def running_lapsed_at(cls, end: dt.date):
        """Ids of petitions whose running deadline as it stood at the end of `end` (the last
        `next_due` change dated on or before it: the one whose `until` is after `end`) was
        before `end`."""
        return cls.objects.filter(cls.running_lapsed_q(end)).values("petition_id")

    @staticmethod
    def chain(rows) -> list:
        """Set `until` on rows of one petition's history (saved or not, in the order they
        are or will be written): each row's until is the `on` of the next row of the same
        deadline in the order (on, written); the last stands (None). Returns the rows whose
        until changed."""
        by_field: dict = {}
        for index, row in enumerate(rows):
            by_field.setdefault(row.field, []).append((row.on, row.pk or 0, index, row))
        changed = []
        for items in by_field.values():
            # on one day: saved rows by id, then unsaved ones in the order they will be written
            items.sort(key=lambda item: (item[0], item[1] == 0, item[1], item[2]))
            for (_on, _pk, _i, row), following in zip(items, [*items[1:], None], strict=True):
                until = following[0] if following else None
                if row.until != until:
                    row.until = until
                    changed.append(row)
        return changed

    @classmethod
    def rechain(cls, petition_id: int, fields) -> list:
        """Recompute `until` over the saved history of these deadlines of one petition (after
        new rows were written, whatever their dates). Returns those rows, chained."""
        rows = list(cls.objects.filter(petition_id=petition_id, field__in=list(fields))
                    .order_by("on", "id"))
        changed = cls.chain(rows)
        if changed:
            cls.objects.bulk_update(changed, ["until"])
        return rows

    @staticmethod
    def standing_running(rows):
        """The standing `next_due` row (until empty) among one petition's chained rows, or
        None."""
        return next((row for row in reversed(rows)
                     if row.field == "next_due" and row.until is None), None)

    @classmethod
    def standing_copy_mismatches(cls) -> list[int]:
        """Ids of petitions whose copy of the standing running deadline
        (`Petition.standing_due`, `standing_due_on`) differs from their history (an empty
        copy for a petition without running-deadline history). Empty when the history's
        writers kept the copy; checked by the tests over every way of writing history."""
        standing = {row["petition_id"]: (row["new"], row["on"]) for row in
                    cls.objects.filter(field="next_due", until__isnull=True)
                    .values("petition_id", "new", "on")}
        return sorted(pk for pk, due, on in
                      Petition.objects.values_list("pk", "standing_due", "standing_due_on")
                      if standing.get(pk, (None, None)) != (due, on))


def attachment_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the original name is kept in the row, not the path."""
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"petitions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class PetitionAttachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    # Encrypted at rest (core/encrypted_storage.py); `size` is the plaintext size.
    file = models.FileField(_("file"), upload_to=attachment_path, storage=encrypted_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # A letter in the petitioner's hand, a scan or an e-mail names its sender: on a petition
    # whose identity is sealed such a file is sealed with it. Law on Denunciations 2018
    # (25/2018/QH14) art. 48, as we read it: those who receive and settle a denunciation keep
    # secret the denouncer's name, address, *handwriting* (bút tích) and other personal data,
    # and take them out of the letter and its attachments, kept as secrets (Decree
    # 31/2019/NĐ-CP ch. VI; Decision 774/QĐ-TTg lists them as state secrets). Only a user who
    # holds the identity key opens such a file (identity.reveal.may_open); others see a
    # neutral name and no link.
    identifying = models.BooleanField(
        _("may identify the petitioner"), default=False,
        help_text=_("Opened only by the custodians of the identity when the petitioner's "
                    "identity is sealed."))

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "petition__unit"
    scope_classified_field = "petition"

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def sealed(self) -> bool:
        """Its name and content follow the petitioner's sealed identity."""
        return self.identifying and self.petition.identity_protected

    def neutral_name(self) -> str:
        """What a reader without the identity key sees instead of the file name."""
        suffix = Path(self.original_name).suffix.lower()[:10]
        return _("Original no. %(n)s%(suffix)s") % {"n": self.pk, "suffix": suffix}
