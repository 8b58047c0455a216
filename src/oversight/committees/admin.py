from django.contrib import admin

from oversight.committees.models import MinutesTemplate

# Meetings, inspections, targets, documents and projects are changed in the application,
# where need-to-know and the rules apply; the admin site only replaces the minutes template.


@admin.register(MinutesTemplate)
class MinutesTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "file", "active", "uploaded_at")
    list_filter = ("active",)
    readonly_fields = ("uploaded_at",)
