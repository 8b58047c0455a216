import json

import pytest

from oversight.accounts.roles import Role
from tests.petitions.conftest import checklist, make_petition  # noqa: F401


@pytest.fixture
def make_custodian(make_user, escrow_key):
    """An approved custodian: a key pair (as after their first sign-in) holding the unit's key,
    given with the escrow key (`oversight keys approve-custodian`). `approved=False`: a user
    with the custodian role and a key pair, awaiting approval."""
    from oversight.identity import keys

    def make(username="giu_khoa", unit_code="nghe_an", approved=True):
        user = make_user(username, unit_code, roles=(Role.CUSTODIAN,))
        keys.create_user_key(user, f"pw-{username}")
        if approved:
            keys.escrow_approve_custodian(user, escrow_key)
        return user

    return make


@pytest.fixture
def custodian(make_custodian):
    return make_custodian()


@pytest.fixture
def login(client):
    """login(user) -> a client signed in through the login form (unlocks the key)."""
    from django.test import Client

    def sign_in(user, password=None):
        c = Client()
        r = c.post("/accounts/login/" if _has("/accounts/login/") else _login_url(),
                   {"username": user.username, "password": password or f"pw-{user.username}"})
        assert r.status_code in (302, 200), r.status_code
        assert "_auth_user_id" in c.session
        return c

    return sign_in


def _login_url():
    from django.urls import reverse

    return reverse("login")


def _has(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
        return True
    except Resolver404:
        return False


def text_forms(value: str) -> set[str]:
    """The value as text and as JSON stores it with non-ASCII escaped (database columns, API
    answers rendered with ensure_ascii): where to look for it."""
    return {value, json.dumps(value)[1:-1]}
