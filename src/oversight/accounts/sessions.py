"""Django's database sessions, the session read by a statement compiled once.

Every signed-in page reads its session first: Django compiles that lookup anew each time, a
fifteenth of a list page (issue 17). Here it is compiled once (`base.compiled`) on the key
alone and the expiry compared in Python against the same `timezone.now()` Django's filter
sends: the same session, or none, as Django's own `SessionStore` finds.
tests/accounts/test_sessions.py compares the two."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from oversight.base.compiled import Compiled

_by_key = Compiled(lambda key: Session.objects.filter(session_key=key).values_list(
    "session_key", "session_data", "expire_date"), str)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        rows = _by_key.rows(key) if type(key) is str else []
        if rows and rows[0][2] > timezone.now():
            session_key, session_data, expire_date = rows[0]
            return self.model(session_key=session_key, session_data=session_data,
                              expire_date=expire_date)
        self._session_key = None
        return None
