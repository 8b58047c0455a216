"""Matters (criminal cases and incidents) under a Steering Committee's monitoring."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.core.classification import Classified
from oversight.core.events import DatedEvent, Event
from oversight.core.scoping import ScopedQuerySet
from oversight.matters.choices import (
    DirectionEventKind,
    DirectionStatus,
    EventKind,
    ExtensionStatus,
    IssuingBody,
    MatterKind,
    MonitoringLevel,
    OfficeLevel,
    OfficeStatus,
    Stage,
)


class MonitoringCriterion(models.Model):
    """A reason for putting a matter under monitoring (guidance 25-HD/BCĐTW); admin-editable."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("monitoring criterion")
        verbose_name_plural = _("monitoring criteria")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi


def _count_of(related: str, field: str):
    """The number of `related` rows (an app_label.Model) pointing at each row through `field`,
    as a subquery: a list computes it for its page only, and its COUNT(*) leaves it out (an
    aggregate over a join would group every row of the table)."""
    from django.apps import apps
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    rows = (apps.get_model(related).objects.filter(**{field: OuterRef("pk")}).order_by()
            .values(field).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class MatterQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(stage=Stage.CLOSED)

    def with_defendant_count(self):
        """Annotate `defendant_total`, the matter's defendants."""
        return self.annotate(defendant_total=_count_of("matters.Defendant", "matter"))

    def with_stage_at(self, end: dt.date):
        """Annotate `stage_at_end`: the stage the matter was in at the end of `end`, from its
        timeline (the last event dated on or before `end` that set a stage: put under
        monitoring, stage changed, completed); the current stage if the timeline has none."""
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Coalesce

        last = (MatterEvent.objects.filter(matter=OuterRef("pk"), on__lte=end)
                .exclude(to_stage="").order_by("-on", "-at", "-id").values("to_stage")[:1])
        return self.annotate(stage_at_end=Coalesce(Subquery(last), "stage"))


class Matter(Classified, models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=MatterKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    responsible_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT,
        related_name="matters",
    )
    monitoring_level = models.CharField(
        _("monitoring level"), max_length=32, choices=MonitoringLevel.choices,
        default=MonitoringLevel.PROVINCIAL,
    )
    monitored_from = models.DateField(_("under monitoring since"))
    criteria = models.ManyToManyField(
        MonitoringCriterion, verbose_name=_("criteria"), blank=True, related_name="matters"
    )
    corruption = models.BooleanField(_("corruption"), default=True)
    security_order = models.BooleanField(
        _("security and order matter"), default=False,
        help_text=_("A prominent, complicated security and order matter."),
    )
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.VERIFICATION
    )
    prosecuted_on = models.DateField(_("criminal proceedings instituted on"), null=True, blank=True)
    completed_on = models.DateField(
        _("completely handled on"), null=True, blank=True,
        help_text=_("The date the committee recorded the matter as completely handled."),
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, editable=False,
        help_text=_("The date the matter reached the closed stage (completed or dropped)."),
    )
    loss_amount = models.BigIntegerField(
        _("loss (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    recovered_amount = models.BigIntegerField(
        _("recovered (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    enforcement_due_amount = models.BigIntegerField(
        _("to be enforced (VND)"), default=0, validators=[MinValueValidator(0)],
        help_text=_("Amounts the judgments order to be paid or recovered."),
    )
    enforcement_done_amount = models.BigIntegerField(
        _("enforced (VND)"), default=0, validators=[MinValueValidator(0)]
    )
    agencies = models.ManyToManyField(
        "units.Unit", verbose_name=_("handling agencies"), blank=True,
        related_name="handled_matters",
    )
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_matters", editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MatterQuerySet.as_manager()
    scope_unit_field = "responsible_unit"
    scope_classified_field = ""
    # Few matters are classified: the rows under one (directions, defendants, events) are
    # filtered as "not under a hidden matter" (core.scoping._not_under_hidden).
    scope_classified_few = True

    class Meta:
        ordering = ["-monitored_from", "-id"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        indexes = [
            # a unit's matters at a stage, in list order: a unit's officer filtering by stage
            # (without it SQLite walked the nation's matters at that stage in date order for
            # the unit's few, 4 ms of a page at national scale, issue 17)
            models.Index(fields=["responsible_unit", "stage", "monitored_from"],
                         name="matter_unit_stage_monitored"),
            # docs/performance.md: the stage filter of a central analyst, in list order
            models.Index(fields=["stage", "monitored_from"], name="matter_stage_monitored"),
            models.Index(fields=["monitored_from"]),
            # the classified matters alone: the rows under a matter are filtered as "not under
            # a hidden one" (core.scoping._not_under_hidden), a set read from this index.
            # Partial, so that SQLite never answers a list's "normal, or on my access list"
            # with it (two index walks and a sort of every matter: 17 ms a page, issue 17).
            models.Index(fields=["id"], condition=~Q(security_classification="normal"),
                         name="matter_classified"),
            models.Index(fields=["completed_on"]),
            models.Index(fields=["prosecuted_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(loss_amount__gte=0) & Q(recovered_amount__gte=0),
                name="matter_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def recovery_rate(self) -> float | None:
        return self.recovered_amount / self.loss_amount if self.loss_amount else None


class MatterEvent(DatedEvent):
    """One entry of a matter's timeline: who did what, when (legal date and recording time)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)

    scope_unit_field = "matter__responsible_unit"
    scope_classified_field = "matter"

    class Meta(DatedEvent.Meta):
        verbose_name = _("matter event")
        verbose_name_plural = _("matter events")
        indexes = [models.Index(fields=["kind", "to_stage", "on"]),
                   models.Index(fields=["from_stage", "to_stage", "on"])]


class Defendant(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="defendants")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    office_level = models.CharField(
        _("level of office"), max_length=16, choices=OfficeLevel.choices, blank=True
    )
    office_status = models.CharField(
        _("incumbent or retired"), max_length=16, choices=OfficeStatus.choices, blank=True
    )
    charge = models.CharField(_("charge"), max_length=300, blank=True)
    prosecuted_on = models.DateField(_("prosecuted on"), null=True, blank=True)
    first_instance_on = models.DateField(_("first-instance trial on"), null=True, blank=True)
    appeal_on = models.DateField(_("appeal trial on"), null=True, blank=True)
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "matter__responsible_unit"
    scope_classified_field = "matter"

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["prosecuted_on"]),
                   models.Index(fields=["first_instance_on"]),
                   models.Index(fields=["appeal_on"])]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")

    def __str__(self):
        return self.full_name


class DirectionQuerySet(ScopedQuerySet):
    def with_reminder_count(self):
        """Annotate `reminder_total`, the reminders sent about the direction."""
        return self.annotate(reminder_total=_count_of("matters.Reminder", "direction"))

    def with_status(self, today: dt.date | None = None):
        """Annotate `status_now`: done, overdue (open and past due) or open."""
        cutoff = calendar.overdue_cutoff(today or timezone.localdate())
        return self.annotate(
            status_now=Case(
                When(status=DirectionStatus.DONE, then=Value(DirectionStatus.DONE.value)),
                When(due_on__lt=cutoff, then=Value(DirectionStatus.OVERDUE.value)),
                default=Value(DirectionStatus.OPEN.value),
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: dt.date | None = None):
        """Open directions whose deadline has lapsed on `today`: a deadline on a day off runs
        to the end of the next working day (core.calendar)."""
        cutoff = calendar.overdue_cutoff(today or timezone.localdate())
        return self.filter(status=DirectionStatus.OPEN, due_on__lt=cutoff)


class Direction(models.Model):
    """A direction of the Steering Committee (or its standing body) with a deadline."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT,
        related_name="directions_issued",
        help_text=_("The committee whose Steering Committee issued it; owns the record."),
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="directions",
    )
    issuing_body = models.CharField(
        _("issued by"), max_length=32, choices=IssuingBody.choices,
        default=IssuingBody.STEERING_COMMITTEE,
    )
    addressee = models.ForeignKey(
        "units.Unit", verbose_name=_("addressee"), on_delete=models.PROTECT,
        related_name="directions_received",
    )
    text = models.TextField(_("text"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16,
        choices=[(DirectionStatus.OPEN, DirectionStatus.OPEN.label),
                 (DirectionStatus.DONE, DirectionStatus.DONE.label)],
        default=DirectionStatus.OPEN,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    conclusion = models.ForeignKey(
        "committees.Conclusion", verbose_name=_("meeting conclusion"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="directions",
        help_text=_("The meeting conclusion this direction carries out, if any."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_directions", editable=False,
        help_text=_("The officer of the issuing unit who follows the direction up."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DirectionQuerySet.as_manager()
    scope_unit_field = "unit"
    # The addressee (and its successors) sees the direction, not its matter (core.parties).
    scope_unit_paths = ("unit", "addressee")
    scope_classified_field = "matter"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        indexes = [models.Index(fields=["unit", "status", "due_on"]),
                   # docs/performance.md: overdue directions across all units
                   models.Index(fields=["status", "due_on"], name="direction_status_due"),
                   # the lists' order (due, then id): a page is read from the index, not a
                   # sort of every direction (75 ms at national scale, issue 17)
                   models.Index(fields=["due_on", "id"], name="direction_due_id")]

    def __str__(self):
        return self.text[:80]

    def current_status(self, today: dt.date | None = None) -> str:
        if self.status == DirectionStatus.DONE:
            return DirectionStatus.DONE
        if calendar.lapsed(self.due_on, today or timezone.localdate()):
            return DirectionStatus.OVERDUE
        return DirectionStatus.OPEN

    def get_current_status_display(self) -> str:
        return DirectionStatus(self.current_status()).label


class DirectionEvent(Event):
    """One entry of a direction's history: issued, edited, urged, a reply, a request for more
    time and its decision. Both parties see it (core.parties), like the direction."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=DirectionEventKind.choices)
    by_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("on behalf of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    scope_unit_field = "direction__unit"
    scope_unit_paths = ("direction__unit", "direction__addressee")
    scope_classified_field = "direction__matter"

    class Meta(Event.Meta):
        verbose_name = _("direction event")
        verbose_name_plural = _("direction events")


class ExtensionRequest(models.Model):
    """The addressee asks for more time; the issuer grants it (the deadline moves) or refuses
    it. One request awaits a decision at a time."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE,
                                  related_name="extension_requests")
    until = models.DateField(_("new deadline asked for"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "direction__unit"
    scope_unit_paths = ("direction__unit", "direction__addressee")
    scope_classified_field = "direction__matter"

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("request for more time")
        verbose_name_plural = _("requests for more time")
        constraints = [models.UniqueConstraint(
            fields=["direction"], condition=models.Q(status="pending"),
            name="one_pending_extension_per_direction")]

    def __str__(self):
        return f"{self.direction_id} → {self.until}"


class Reminder(models.Model):
    """An urging (đôn đốc) of a direction: a reminder with, possibly, a new deadline."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField(_("urged on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    new_due_on = models.DateField(_("new deadline"), null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "direction__unit"
    scope_unit_paths = ("direction__unit", "direction__addressee")
    scope_classified_field = "direction__matter"

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.direction_id} {self.on}"
