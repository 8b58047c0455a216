from django.contrib import admin

from oversight.reports.models import ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "file", "active", "uploaded_at")
    list_filter = ("active",)
    readonly_fields = ("uploaded_at",)
