"""The Word templates an administrator may upload in place of a default shipped with the code
(a meeting's minutes, a report): one definition, each kind in its own table.

`ReplaceableTemplate` is abstract: a subclass declares `file` (its upload folder) and `active`
(its help text), and gets the rest — the name and upload time, the order, the rule that
activating one deactivates the others of its table, and `objects.active()`, the template in
use (None: the default file). `core.rendering.render_replaceable` renders from it.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ReplaceableTemplateQuerySet(models.QuerySet):
    def active(self):
        """The template in use: the latest active one (None: the default shipped file)."""
        return self.filter(active=True).order_by("-uploaded_at", "-id").first()


class ReplaceableTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ReplaceableTemplateQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """One template of a kind is active: saving an active one deactivates the others."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.active:
                type(self)._default_manager.exclude(pk=self.pk).filter(active=True).update(
                    active=False)


class ReplaceableTemplateAdmin(admin.ModelAdmin):
    """The admin page of a kind of template (its only editor: the application never changes
    them)."""

    list_display = ("name", "file", "active", "uploaded_at")
    list_filter = ("active",)
    readonly_fields = ("uploaded_at",)
