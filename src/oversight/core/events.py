"""A record's timeline entries, one definition: who did what and when, with a note and the
changes (before/after). Each kind of record keeps its own table (a matter's, a direction's, a
petition's events), subclassing these abstract models; `core.api.EventSerializer` shows them.

- `Event`: recorded at (`at`), by whom, a note, the changes; scoped through its record
  (`ScopedQuerySet`: the subclass names `scope_unit_field` and `scope_classified_field`).
- `DatedEvent`: an event with a legal date (`on`, which may precede `at`: an act recorded
  later), newest first. A subclass declares its record's key and its `kind` (its choices).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core.scoping import ScopedQuerySet


class Event(models.Model):
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class DatedEvent(Event):
    on = models.DateField(_("date"))

    class Meta(Event.Meta):
        abstract = True
        ordering = ["-on", "-at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"
