from django.contrib import admin

from oversight.core.doctemplates import ReplaceableTemplateAdmin
from oversight.reports.models import ReportTemplate

admin.site.register(ReportTemplate, ReplaceableTemplateAdmin)
