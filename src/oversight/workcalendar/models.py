"""The working calendar's exceptions: days off and worked days the government announces."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.workcalendar.choices import DayKind, EscalationRecipient, EscalationSubject


class WorkingDay(models.Model):
    """One exception to the ordinary calendar (weekends and the Labour Code's holidays):
    a day off announced by the government, or a Saturday (or Sunday) worked in exchange.
    Read through `oversight.core.calendar`, never directly by the deadline code."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    basis = models.CharField(_("announcing document"), max_length=300,
                             help_text=_("Number and issuer, e.g. 12729/VPCP-KGVX."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} ({self.basis})"

    def entry(self) -> calendar.Entry:
        return calendar.Entry(self.date, self.kind, self.basis, self.note)


_table_ready = False


def _ready() -> bool:
    """The table exists (not yet while the migrations run up to it)."""
    global _table_ready
    if not _table_ready:
        from django.db import connection

        _table_ready = WorkingDay._meta.db_table in connection.introspection.table_names()
    return _table_ready


def load_entries() -> list[calendar.Entry]:
    if not _ready():
        return []
    return [calendar.Entry(d, k, b, n) for d, k, b, n in
            WorkingDay.objects.values_list("date", "kind", "basis", "note")]


def signature() -> tuple:
    """Changes when a row is added, deleted or edited (count, highest id, latest change)."""
    if not _ready():
        return None
    row = WorkingDay.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("updated_at"))
    return row["n"], row["top"], row["at"]


class EscalationStep(models.Model):
    """One step of the escalation ladder, editable by the administrator (rules as data).

    `offset` is in working days from the deadline (rolled to a working day first): −3 is three
    working days before it, 0 the day itself, 1 the first working day after it (the record is
    overdue), 5 the fifth. The daily job (workcalendar/escalation.py) fires each step once per
    record and deadline, tells the recipients in the app and writes an event on the record."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    subject = models.CharField(_("applies to"), max_length=16,
                               choices=EscalationSubject.choices)
    offset = models.SmallIntegerField(
        _("working days from the deadline"),
        validators=[MinValueValidator(-60), MaxValueValidator(250)],
        help_text=_("Negative: before the deadline; 0: on the day; 1: the first working day "
                    "after it."))
    recipient = models.CharField(_("who is told"), max_length=16,
                                 choices=EscalationRecipient.choices)
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    basis = models.CharField(_("basis"), max_length=300,
                             help_text=_("The text or working rule the step carries out."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["subject", "offset", "code"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        constraints = [models.UniqueConstraint(fields=["subject", "offset", "recipient"],
                                               name="one_escalation_step_per_moment")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi


class EscalationFired(models.Model):
    """A step that fired: once per step, record and deadline (the unique constraint), so the
    daily job never repeats a notice. A deadline that moves (an extension, a calendar change)
    is a new deadline: its steps fire again for it."""

    step = models.ForeignKey(EscalationStep, verbose_name=_("escalation step"),
                             on_delete=models.PROTECT, related_name="fired")
    subject = models.CharField(_("applies to"), max_length=16,
                               choices=EscalationSubject.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    due_on = models.DateField(_("deadline"))
    fired_on = models.DateField(_("fired on"))
    recipients = models.JSONField(_("told"), default=list, blank=True,
                                  help_text=_("Ids of the users told."))
    text = models.CharField(_("text"), max_length=500)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-fired_on", "-id"]
        verbose_name = _("escalation step fired")
        verbose_name_plural = _("escalation steps fired")
        constraints = [models.UniqueConstraint(fields=["step", "subject", "object_id", "due_on"],
                                               name="escalation_step_once")]
        indexes = [models.Index(fields=["subject", "object_id"])]

    def __str__(self):
        return f"{self.step_id} {self.subject} {self.object_id} {self.due_on}"
