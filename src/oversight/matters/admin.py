from django.contrib import admin

from oversight.matters.models import Direction, Matter, MonitoringCriterion


@admin.register(MonitoringCriterion)
class MonitoringCriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "label_vi", "label_en", "position", "active")
    list_editable = ("position", "active")


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    """Read-mostly: changes belong in the application, where the rules and timeline apply."""

    list_display = ("title", "responsible_unit", "kind", "stage", "monitored_from")
    list_filter = ("stage", "kind", "monitoring_level")
    search_fields = ("title",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("text", "unit", "addressee", "due_on", "status")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
