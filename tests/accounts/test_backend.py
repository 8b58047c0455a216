"""The signed-in user is read with their unit (`accounts.backends.UserWithUnitBackend`): a page
that shows the reader's unit asks no second statement for it; an inactive user is not signed
in; a session made by signing in through the form is read back through this backend."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.accounts.backends import UserWithUnitBackend, user_with_unit
from oversight.accounts.models import User
from oversight.accounts.roles import Role


@pytest.mark.django_db
def test_the_user_comes_with_their_unit(nghean):
    with CaptureQueriesContext(connection) as sent:
        user = UserWithUnitBackend().get_user(nghean.pk)
        assert user.unit.code == "nghe_an"
    assert len(sent.captured_queries) == 1


def _as_django_reads(user_id):
    """What Django's own query gives: `select_related("unit").get(pk=…)`."""
    return User._default_manager.select_related("unit").filter(pk=user_id).first()


def _state(user) -> tuple:
    """Everything an instance holds: its values, how it was loaded, the unit read with it."""
    if user is None:
        return (None,)
    values = {k: v for k, v in vars(user).items() if k != "_state"}
    cache = user._state.fields_cache
    unit = cache.get("unit", "not read")
    unit = unit if unit in (None, "not read") else (
        {k: v for k, v in vars(unit).items() if k != "_state"}, unit._state.db,
        unit._state.adding)
    return values, user._state.db, user._state.adding, tuple(cache), unit


@pytest.mark.django_db
def test_the_compiled_statement_reads_what_django_reads(make_user, django_user_model):
    """Every kind of user (a unit's officer, a central analyst, one without a unit, an
    administrator, an inactive one, a name in Vietnamese) read through the compiled statement
    holds what Django's query gives, value for value; a missing id is nobody."""
    users = [make_user("can_bo", "nghe_an"), make_user("phan_tich", "central",
                                                      roles=(Role.CENTRAL_ANALYST,)),
             make_user("khong_don_vi", None), make_user("nghi_viec", "ha_noi", is_active=False),
             make_user("nguyen", "quang_tri", display_name="Nguyễn Thị Hoà")]
    users.append(django_user_model.objects.create_superuser("quan_tri", password="pw-x"))
    for user in users:
        assert _state(user_with_unit(user.pk)) == _state(_as_django_reads(user.pk)), user
    assert user_with_unit(10**9) is None and _as_django_reads(10**9) is None
    # control: the comparison sees a unit left unread, and another user's values
    other = _as_django_reads(users[0].pk)
    other.unit  # noqa: B018 - read as Django reads it, to compare with
    lazy = User._default_manager.filter(pk=users[0].pk).first()
    assert _state(lazy) != _state(other)
    assert _state(user_with_unit(users[1].pk)) != _state(other)


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
