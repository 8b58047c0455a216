"""The accounts' pages: signing in, and the lock-out after repeated failures."""

from __future__ import annotations


def test_web_login_lockout(client, nghean, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "nghean", "password": "wrong"})
    response = client.post("/login/", {"username": "nghean", "password": "pw-nghean"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
