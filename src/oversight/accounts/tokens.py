"""API tokens: random, shown once, kept as SHA-256 hashes, expiring after TOKEN_TTL."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from oversight.accounts.models import ApiToken


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user) -> tuple[str, ApiToken]:
    """A new token for `user`: the clear key (returned once, never stored) and its record."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=digest(key), prefix=key[:8],
                                    expires_at=timezone.now() + settings.TOKEN_TTL)
    return key, token


def revoke(tokens) -> int:
    n = 0
    for token in tokens.filter(revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        n += 1
    return n


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`: valid while neither expired nor revoked."""

    def authenticate_credentials(self, key):
        token = (ApiToken.objects.select_related("user").filter(key_hash=digest(key))
                 .first())
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("Token expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
