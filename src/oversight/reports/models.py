"""Report templates: the Word file the DOCX and PDF reports are rendered from."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ReportTemplateQuerySet(models.QuerySet):
    def active(self):
        """The template in use: the latest active one (None: the default shipped file)."""
        return self.filter(active=True).order_by("-uploaded_at", "-id").first()


class ReportTemplate(models.Model):
    """A replacement for the default report template (docxtpl tags; see
    scripts/make_report_template.py for the tags and the context it receives)."""

    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="report_templates/",
        validators=[FileExtensionValidator(["docx"])],
        help_text=_("A Word (.docx) file with the report's tags, e.g. a restyled copy of "
                    "the default template."),
    )
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Used for every DOCX and PDF report; activating one deactivates the others."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.active:
                ReportTemplate.objects.exclude(pk=self.pk).filter(active=True).update(
                    active=False)
