"""API tokens: hashed at rest, expiring, revocable, rate-limited, locked out on failures."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from oversight.accounts.models import ApiToken


def login(client, username="nghean", password="pw-nghean", **extra):
    return client.post("/api/auth/token/", {"username": username, "password": password},
                       format="json", **extra)


def test_token_has_an_expiry_and_is_stored_hashed(api, nghean, settings):
    settings.TOKEN_TTL = dt.timedelta(hours=8)
    body = login(api()).json()
    expires = dt.datetime.fromisoformat(body["expires"].replace("Z", "+00:00"))
    assert dt.timedelta(hours=7, minutes=59) < expires - timezone.now() <= dt.timedelta(hours=8)
    stored = ApiToken.objects.get(user=nghean)
    assert body["token"] not in (stored.key_hash, stored.prefix)
    assert stored.prefix == body["token"][:8]


def test_expired_token_is_refused(api, nghean):
    client = api()
    token = login(client).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").status_code == 200
    ApiToken.objects.filter(user=nghean).update(expires_at=timezone.now() - dt.timedelta(1))
    assert client.get("/api/me/").status_code == 401


def test_delete_revokes_the_callers_token(api, nghean):
    client = api()
    first = login(client).json()["token"]
    second = login(client).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.delete("/api/auth/token/").json() == {"revoked": 1}
    assert client.get("/api/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert client.get("/api/me/").status_code == 200


def test_administrator_revokes_anyones_tokens(api, nghean, hanoi, admin_user):
    client = api()
    token = login(client).json()["token"]
    assert api(hanoi).delete("/api/auth/token/?user=nghean").status_code == 403
    assert api(admin_user).delete("/api/auth/token/?user=nghean").json() == {"revoked": 1}
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").status_code == 401


def test_token_acts_with_the_users_scope(api, nghean, make_matter):
    make_matter("ha_noi")
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {login(client).json()['token']}")
    assert client.get("/api/matters/").json()["count"] == 0


def test_token_endpoint_is_rate_limited(api, make_user):
    client = api()
    statuses = [login(client, "nobody", "x").status_code for _ in range(12)]
    assert statuses[-1] == 429


def test_repeated_failures_lock_the_user_out(api, nghean, settings):
    client = api()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, password="wrong")
    response = login(client)  # even the right password is refused now
    assert response.status_code == 429
