from django.contrib import admin

from oversight.workcalendar.models import WorkingDay


@admin.register(WorkingDay)
class WorkingDayAdmin(admin.ModelAdmin):
    """Read here; changed on the calendar page (/calendar/), which recomputes the deadlines."""

    list_display = ("date", "kind", "basis")
    list_filter = ("kind",)
    search_fields = ("basis", "note")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
