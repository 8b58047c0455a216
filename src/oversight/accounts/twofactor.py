"""Who must sign in with a second factor, and checking a code against their devices."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from oversight.accounts.roles import Role

ROLES_REQUIRING_2FA = frozenset({Role.HEAD, Role.CUSTODIAN, Role.CENTRAL_ANALYST,
                                 Role.ADMINISTRATOR})


def required_for(user) -> bool:
    if not getattr(settings, "REQUIRE_2FA", True) or not user.is_authenticated:
        return False
    return user.is_superuser or bool(ROLES_REQUIRING_2FA & set(user.roles))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_code(user, code: str) -> TOTPDevice | None:
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None
