"""The session store that reads its row by a statement compiled once
(`accounts.sessions.SessionStore`) finds what Django's own database store finds: a live
session's data, nothing for an ended, unknown or malformed key (and then no key), on the
database the suite runs on. Control: a store that does not compare the expiry keeps an ended
session alive, and is caught."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends import db as django_sessions
from django.contrib.sessions.models import Session
from django.utils import timezone

from oversight.accounts import sessions


def _made(data: dict, ends_in: dt.timedelta) -> str:
    store = django_sessions.SessionStore()
    store.update(data)
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + ends_in)
    return store.session_key


def _found(store_class, key) -> tuple:
    store = store_class(session_key=key)
    return dict(store.load()), store._session_key


@pytest.fixture
def keys(db):
    return {
        "live": _made({"_auth_user_id": "7", "lang": "vi", "tên": "Nguyễn"},
                      dt.timedelta(minutes=30)),
        "ending now": _made({"a": 1}, dt.timedelta(seconds=-1)),
        "ended": _made({"a": 2}, dt.timedelta(days=-3)),
        "unknown": "k" * 32,
        "malformed": "not a key ' OR 1=1 --",
    }


def _compare(keys, store_class) -> list:
    return [name for name, key in keys.items()
            if _found(store_class, key) != _found(django_sessions.SessionStore, key)]


def test_it_finds_what_djangos_store_finds(keys):
    assert _compare(keys, sessions.SessionStore) == []
    assert _found(sessions.SessionStore, keys["live"])[0]["tên"] == "Nguyễn"
    assert _found(sessions.SessionStore, keys["ended"]) == ({}, None)


def test_control_a_store_blind_to_the_expiry(keys, monkeypatch):
    class Blind(sessions.SessionStore):
        def _get_session_from_db(self):
            rows = sessions._by_key.rows(self.session_key)
            if rows:
                return self.model(session_key=rows[0][0], session_data=rows[0][1],
                                  expire_date=rows[0][2])
            self._session_key = None
            return None

    assert "ended" in _compare(keys, Blind)
