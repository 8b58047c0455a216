from django.contrib import admin

from oversight.petitions.models import DeadlineRule

# The administrator manages the system, not its content (issue 13): petitions, receptions,
# hot spots and notifications are read and changed in the application, where need-to-know,
# the rules and the audit of every read apply. The admin site keeps the law's time limits.


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """The law's time limits, as data: administrators adjust them here."""

    list_display = ("code", "field", "kinds", "complaint_round", "complexities", "remote_area",
                    "multi_location", "days", "count", "start", "extensions_allowed",
                    "extension_max_days", "legal_basis", "active")
    list_filter = ("field", "count", "active")
    list_editable = ("days", "active")
