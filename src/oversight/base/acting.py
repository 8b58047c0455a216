"""Who is acting and from where: a contextvar set by the middleware (or a command).

The audit trail reads it to say who made a change; it imports nothing of the project, so
the accounts (sign-in limits per client address) and every command may use it."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class Actor:
    request: object | None = None
    user: object | None = None
    address: str = ""
    suspended: bool = False
    # (object type, id, user id) of protected records whose reading this request already
    # recorded: a page that reads a record twice writes one entry.
    seen: set = field(default_factory=set)

    def current_user(self):
        if self.user is not None:
            return self.user
        user = getattr(self.request, "user", None) if self.request is not None else None
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None


_current: ContextVar[Actor | None] = ContextVar("oversight_audit_actor", default=None)


def current() -> Actor:
    return _current.get() or Actor()


def client_address(request) -> str:
    """REMOTE_ADDR; the first X-Forwarded-For hop only when OVERSIGHT_TRUST_X_FORWARDED_FOR."""
    if getattr(settings, "AUDIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()[:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64]


@contextlib.contextmanager
def acting(*, request=None, user=None, address: str = ""):
    """Attribute audit entries written inside the block to this request or user."""
    if request is not None and not address:
        address = client_address(request)
    token = _current.set(Actor(request=request, user=user, address=address))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def suspended():
    """Write no model-change entries inside the block (bulk seeding of demo data)."""
    actor = current()
    token = _current.set(Actor(request=actor.request, user=actor.user, address=actor.address,
                               suspended=True, seen=actor.seen))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def on_behalf_of(user):
    """Attribute entries written inside the block to `user` when no one is acting yet (an
    action called from a task or a test with `by=user`); inside a request, the request's."""
    actor = current()
    if user is None or actor.current_user() is not None:
        yield
        return
    token = _current.set(Actor(request=actor.request, user=user, address=actor.address,
                               suspended=actor.suspended, seen=actor.seen))
    try:
        yield
    finally:
        _current.reset(token)
