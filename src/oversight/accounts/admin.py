from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from oversight.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Oversight", {"fields": ("unit", "display_name")}))
    list_display = ("username", "display_name", "unit", "is_active")
    list_filter = ("unit", "groups", "is_active")
