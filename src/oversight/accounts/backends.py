"""Signing in by username and password (Django's `ModelBackend`), the signed-in user read with
their unit.

Every page shows the reader's unit beside their name (the menu) and most ask it for their
scope: read with the user in one statement rather than a second one per request (issue 17).
Sessions signed in under Django's own backend path are not recognised after the switch
(Django checks the path a session names against `AUTHENTICATION_BACKENDS`): those users sign in
once again.

The statement is compiled once (`base.compiled`): every signed-in page reads its user, and
Django compiled `select_related("unit").get(pk=…)` anew each time — 0.32 ms of which sending
the statement is a third (SQLite, issue 17). The instances are made as Django's own iterable
makes them (`Model.from_db` with every concrete field, the unit set as the relation's cached
value); tests/accounts/test_backend.py compares them with Django's query for every kind of
user."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db import router

from oversight.accounts.models import User
from oversight.base.compiled import Compiled

Unit = User._meta.get_field("unit").related_model  # units sit above accounts: not imported
_USER_FIELDS = tuple(field.attname for field in User._meta.concrete_fields)
_UNIT_FIELDS = tuple(field.attname for field in Unit._meta.concrete_fields)
_by_id = Compiled(lambda pk: User._default_manager.filter(pk=pk).values_list(
    *_USER_FIELDS, *(f"unit__{name}" for name in _UNIT_FIELDS)), int)


def user_with_unit(user_id: int) -> User | None:
    """The user `user_id` with their unit, as `select_related("unit").get(pk=…)` reads them;
    None if there is no such user."""
    using = router.db_for_read(User)
    rows = _by_id.rows(user_id, using=using)
    if not rows:
        return None
    row = rows[0]
    user = User.from_db(using, _USER_FIELDS, row[:len(_USER_FIELDS)])
    unit_row = row[len(_USER_FIELDS):]
    unit = None if unit_row[0] is None else Unit.from_db(using, _UNIT_FIELDS, unit_row)
    User.unit.field.set_cached_value(user, unit)
    return user


class UserWithUnitBackend(ModelBackend):
    def get_user(self, user_id):
        try:  # Django passes the session's id through the primary key's `to_python`: an int
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_with_unit(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
