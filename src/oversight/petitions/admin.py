from django.contrib import admin

from oversight.petitions.models import DeadlineRule, Hotspot, Notification, Petition, Reception


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """The law's time limits, as data: administrators adjust them here."""

    list_display = ("code", "field", "kinds", "complaint_round", "complexities", "remote_area",
                    "multi_location", "days", "count", "start", "extensions_allowed",
                    "extension_max_days", "legal_basis", "active")
    list_filter = ("field", "count", "active")
    list_editable = ("days", "active")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes belong in the application, where the rules and the timeline apply."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ("subject", "unit", "kind", "status", "received_on", "next_due")
    list_filter = ("status", "kind")
    search_fields = ("subject",)


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "unit", "host", "kind", "dialogue")


@admin.register(Hotspot)
class HotspotAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "status", "started_on")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "text", "read", "created_at")
