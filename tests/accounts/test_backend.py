"""The signed-in user is read with their unit (`accounts.backends.UserWithUnitBackend`): a page
that shows the reader's unit asks no second statement for it; an inactive user is not signed
in; a session made by signing in through the form is read back through this backend."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.accounts.backends import UserWithUnitBackend


@pytest.mark.django_db
def test_the_user_comes_with_their_unit(nghean):
    with CaptureQueriesContext(connection) as sent:
        user = UserWithUnitBackend().get_user(nghean.pk)
        assert user.unit.code == "nghe_an"
    assert len(sent.captured_queries) == 1


@pytest.mark.django_db
def test_an_inactive_or_missing_user_is_nobody(nghean):
    nghean.is_active = False
    nghean.save()
    assert UserWithUnitBackend().get_user(nghean.pk) is None
    assert UserWithUnitBackend().get_user(10**9) is None


@pytest.mark.django_db
def test_a_session_signed_in_through_the_form_uses_it(make_user, client, settings):
    settings.REQUIRE_2FA = False
    make_user("can_bo_moi")
    response = client.post("/login/", {"username": "can_bo_moi", "password": "pw-can_bo_moi"})
    assert response.status_code == 302, response.content[:300]
    assert client.session[BACKEND_SESSION_KEY] == "oversight.accounts.backends.UserWithUnitBackend"
    with CaptureQueriesContext(connection) as sent:
        page = client.get("/identity/password/")
    assert page.status_code == 200
    assert not any('FROM "units_unit" WHERE "units_unit"."id" =' in q["sql"]
                   for q in sent.captured_queries)  # the menu's unit came with the user
