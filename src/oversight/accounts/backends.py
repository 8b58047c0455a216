"""Signing in by username and password (Django's `ModelBackend`), the signed-in user read with
their unit.

Every page shows the reader's unit beside their name (the menu) and most ask it for their
scope: read with the user in one statement rather than a second one per request (issue 17).
Sessions signed in under Django's own backend path are not recognised after the switch
(Django checks the path a session names against `AUTHENTICATION_BACKENDS`): those users sign in
once again."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from oversight.accounts.models import User


class UserWithUnitBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
