"""Past the two-factor middleware a request's user is the user itself, not Django's and
django-otp's lazy wrappers (`accounts.middleware.concrete`): every attribute a page read of
`request.user` went through two `SimpleLazyObject`s (issue 17). What the wrappers gave stays:
the user the session names, django-otp's `is_verified`, nobody for no session."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import LazyObject, SimpleLazyObject
from django.utils.module_loading import import_string

from oversight.accounts.middleware import concrete
from oversight.accounts.models import User
from oversight.accounts.roles import Role


def _chain_until(last: str, seen: list):
    """The project's middleware up to and including `last`, around a view that notes the
    request's user."""

    def view(request):
        seen.append(request.user)
        return HttpResponse("ok")

    names = settings.MIDDLEWARE[:settings.MIDDLEWARE.index(last) + 1]
    handler = view
    for name in reversed(names):
        handler = import_string(name)(handler)
    return handler


def _request(client, path="/matters/"):
    """A request carrying the test client's session cookie."""
    request = RequestFactory().get(path)
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.CENTRAL_ANALYST])
def test_a_signed_in_page_reads_the_user_itself(client, make_user, role):
    user = make_user("reader", "nghe_an", roles=(role,))
    client.force_login(user)
    response = client.get("/matters/")
    assert response.status_code == 200
    seen = response.wsgi_request.user
    assert type(seen) is User and not isinstance(seen, LazyObject)
    assert seen.pk == user.pk and seen.unit.code == "nghe_an"
    assert seen.is_verified() is False  # django-otp's accessor is kept on the user


@pytest.mark.django_db
def test_no_session_is_nobody(client):
    response = client.get("/login/")
    assert type(response.wsgi_request.user) is AnonymousUser


@pytest.mark.django_db
def test_the_middleware_hands_on_the_user_and_the_control_sees_the_wrappers(client, nghean):
    client.force_login(nghean)
    after, before = [], []
    _chain_until("oversight.accounts.middleware.TwoFactorMiddleware", after)(_request(client))
    # control: one step earlier the user is still wrapped, twice — the check above can fail
    _chain_until("oversight.audit.middleware.AuditContextMiddleware", before)(_request(client))
    assert type(after[0]) is User and after[0].pk == nghean.pk
    assert isinstance(before[0], LazyObject) and concrete(before[0]).pk == nghean.pk


def test_concrete_unwraps_nested_wrappers_evaluating_them_once():
    calls = []
    inner = object()

    def make():
        calls.append(1)
        return inner

    wrapped = SimpleLazyObject(lambda: SimpleLazyObject(make))
    assert concrete(wrapped) is inner and calls == [1]
    assert concrete(inner) is inner
