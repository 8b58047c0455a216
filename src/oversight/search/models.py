from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.core.scoping import ScopedQuerySet


class SearchEntry(models.Model):
    """One searchable object: its folded text (no diacritics, lower case), its unit and the
    unit that is a party to it, so that search is scoped by the same rule as every list. The
    full-text index over `folded` is an FTS5 table on SQLite and a GIN expression index on
    PostgreSQL (see migration 0002)."""

    object_type = models.CharField(_("type"), max_length=32)
    object_id = models.BigIntegerField(_("object id"))
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    # The other unit that reads the record as a party (a direction's addressee, core.parties):
    # it, and its successors after a merger, find the record too.
    party_unit = models.ForeignKey("units.Unit", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    folded = models.TextField(_("folded text"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_unit_paths = ("unit", "party_unit")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="search_entry_once")
        ]

    def __str__(self):
        return f"{self.object_type}:{self.object_id}"
