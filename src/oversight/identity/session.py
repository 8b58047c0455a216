"""Keeping a user's unlocked private key for the length of their session.

Trade-off (see SECURITY.md): the private key is needed on every page that shows a protected
identity, and asking for the password each time is not workable. It is therefore kept, but
split in two: the session store (database) holds it encrypted with AES-256-GCM under a random
per-session key, and that key lives only in the user's browser, in an HttpOnly, SameSite=Strict
cookie. A copy of the database or its backups alone opens nothing; a stolen browser session
for its 8 hours does — the same exposure as the session itself. Logging out deletes both.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

SESSION_KEY = "_identity_private"
COOKIE = "oversight_identity"
AAD = b"oversight/session-key/v1"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def store(request, private: bytes) -> None:
    secret = os.urandom(32)
    nonce = os.urandom(12)
    request.session[SESSION_KEY] = _b64(nonce + AESGCM(secret).encrypt(nonce, private, AAD))
    request._identity_cookie = _b64(secret)
    request._identity_private = private


def may_hold_key(request) -> bool:
    """Whether this request brings an unlocked private key's parts (without opening it): a
    list's rows written for a request without them are not written for one with them
    (`core.keptrows.written`: a sealed petitioner shown in clear)."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY)
                and request.COOKIES.get(COOKIE))


def private_key(request) -> bytes | None:
    """The unlocked private key of the signed-in user, or None."""
    cached = getattr(request, "_identity_private", None)
    if cached is not None:
        return cached
    session = getattr(request, "session", None)
    sealed = session.get(SESSION_KEY) if session is not None else None
    secret = request.COOKIES.get(COOKIE)
    if not sealed or not secret:
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed)
        private = AESGCM(base64.urlsafe_b64decode(secret)).decrypt(raw[:12], raw[12:], AAD)
    except Exception:
        return None
    request._identity_private = private
    return private


class IdentityKeyMiddleware:
    """Sets (after login) or clears (after logout) the cookie holding the session secret."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookie = getattr(request, "_identity_cookie", None)
        if cookie == "":
            response.delete_cookie(COOKIE, samesite="Strict")
        elif cookie:
            response.set_cookie(COOKIE, cookie, max_age=settings.SESSION_COOKIE_AGE,
                                httponly=True, samesite="Strict",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
