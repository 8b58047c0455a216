from django.contrib import admin

from oversight.matters.models import MonitoringCriterion

# Matters and directions are changed in the application, where the stage rules, the timeline
# and need-to-know apply; the admin site only edits the reference list of criteria.


@admin.register(MonitoringCriterion)
class MonitoringCriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "label_vi", "label_en", "position", "active")
    list_editable = ("position", "active")
