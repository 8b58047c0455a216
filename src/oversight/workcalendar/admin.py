from django.contrib import admin

from oversight.workcalendar.models import EscalationStep, WorkingDay


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


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    """The escalation ladder (rules as data): who is told how many working days before or
    after a deadline. A step that has fired is kept (its history names it): deactivate it
    instead of deleting it."""

    list_display = ("code", "subject", "offset", "recipient", "label_vi", "active")
    list_filter = ("subject", "recipient", "active")
    list_editable = ("offset", "active")
    search_fields = ("code", "label_vi", "label_en", "basis")
    ordering = ("subject", "offset", "code")
