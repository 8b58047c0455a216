"""Login unlocks (or creates) the user's key pair; password changes re-encrypt it; a custodian
who leaves loses their wraps. And a list's rows written for a request without the unlocked key
are not handed to one with it (`core.keptrows.written_depends_on`)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from oversight.accounts.roles import Role
from oversight.core import keptrows
from oversight.identity import keys, session

keptrows.written_depends_on(session.may_hold_key)  # a sealed petitioner opens with the key


@receiver(user_logged_in, dispatch_uid="identity-login")
def unlock_at_login(sender, request, user, **kwargs):
    """The password just given (the login form's `password`) derives the key that opens the
    user's private key, which is kept in the session (see `session`)."""
    password = request.POST.get("password") if request is not None and \
        request.method == "POST" else None
    if not password:
        return
    private = keys.ensure_user_key(user, password)
    if private is None:
        return
    session.store(request, private)
    keys.expire_disclosures()
    if user.has_role(Role.CUSTODIAN):
        # Shares data keys with other units' escrow-signed keys only (a transferred petition):
        # never with an account. A new custodian waits for approval (`approve_custodian`).
        keys.rewrap_pending(user, private)


@receiver(user_logged_out, dispatch_uid="identity-logout")
def forget_at_logout(sender, request, user, **kwargs):
    if request is not None:
        request._identity_cookie = ""
        request._identity_private = None


def _password_set(sender, instance, created, raw=False, **kwargs):
    """After `User.set_password(raw)` and save: make or re-encrypt the key pair."""
    password = getattr(instance, "_identity_password", None)
    if raw or password is None:
        return

    instance._identity_password = None
    keys.password_changed(instance, password,
                          old_private=getattr(instance, "_identity_old_private", None))
    instance._identity_old_private = None


def _deactivated(sender, instance, created, raw=False, **kwargs):
    if not raw and not created and not instance.is_active:
        keys.custodian_left(instance)


def _roles_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """The custodian group removed from a user: their custodian wraps are deleted."""
    if reverse or action not in ("post_remove", "post_clear"):
        return
    if not instance.groups.filter(name=Role.CUSTODIAN).exists():
        keys.custodian_left(instance)


def connect() -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    post_save.connect(_password_set, sender=user_model, dispatch_uid="identity-password")
    post_save.connect(_deactivated, sender=user_model, dispatch_uid="identity-deactivated")
    m2m_changed.connect(_roles_changed, sender=user_model.groups.through,
                        dispatch_uid="identity-roles")


connect()
