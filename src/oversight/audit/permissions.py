from django.core.exceptions import PermissionDenied
from rest_framework import permissions

from oversight.accounts.roles import is_administrator


def is_auditor(user) -> bool:
    """Administrators search the whole trail; everyone else sees a record's history on its page."""
    return is_administrator(user)


def require_auditor(user) -> None:
    if not is_auditor(user):
        raise PermissionDenied


class IsAuditor(permissions.BasePermission):
    def has_permission(self, request, view):
        return is_auditor(request.user)
