"""The working calendar's exceptions: days off and worked days the government announces."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.workcalendar.choices import DayKind


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
