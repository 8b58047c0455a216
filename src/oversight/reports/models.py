"""Report templates: the Word file the DOCX and PDF reports are rendered from."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.core.doctemplates import ReplaceableTemplate


class ReportTemplate(ReplaceableTemplate):
    """A replacement for the default report template (docxtpl tags; see
    scripts/make_report_template.py for the tags and the context it receives)."""

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

    class Meta(ReplaceableTemplate.Meta):
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
