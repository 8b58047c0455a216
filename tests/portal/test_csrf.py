"""The portal sends no referrer, so browsers send `Origin: null` with its forms; unknown
addresses under /portal/ still get the portal's page and headers."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client_with_token():
    client = Client(enforce_csrf_checks=True)
    client.get("/portal/vi/follow/")
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize("site, expected", [("same-origin", 400), ("cross-site", 403),
                                            (None, 403)])
def test_null_origin_accepted_only_when_the_browser_says_same_origin(site, expected):
    client, token = _client_with_token()
    headers = {"HTTP_ORIGIN": "null"}
    if site:
        headers["HTTP_SEC_FETCH_SITE"] = site
    response = client.post("/portal/vi/follow/", {"code": "1", "csrfmiddlewaretoken": token},
                           **headers)
    # 400: past the CSRF check, the code form refuses the malformed code
    assert response.status_code == expected


def test_token_still_required_with_null_origin():
    client, _token = _client_with_token()
    response = client.post("/portal/vi/follow/", {"code": "1"}, HTTP_ORIGIN="null",
                           HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403


def test_staff_pages_keep_the_strict_origin_check(nghean):
    client = Client(enforce_csrf_checks=True)
    client.force_login(nghean)
    client.get("/petitions/new/")
    token = client.cookies["csrftoken"].value
    response = client.post("/petitions/new/", {"csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/portal/fr/", "/portal/vi/nothing/", "/portal/en/x/y/"])
def test_unknown_portal_address_gets_the_portal_404_and_headers(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert b"/petitions/" not in response.content
