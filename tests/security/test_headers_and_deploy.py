"""Security headers, no inline script, and `oversight check --deploy` clean in production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

PAGES = ["/", "/matters/", "/petitions/", "/reports/dashboard/?unit=nghe_an&period=2024",
         "/directions/", "/hotspots/", "/receptions/", "/units/", "/api/docs/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_send_the_security_headers_and_no_inline_script(web, nghean, url):
    response = web(nghean).get(url)
    assert response.status_code == 200, url
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    body = response.content.decode()
    inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
              if "application/json" not in m]
    assert not inline, (url, inline)
    assert not re.search(r"\son[a-z]+=\"", body), url  # no inline event handlers


def test_login_page_and_csrf(client):
    response = client.get("/login/")
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "a", "password": "b"}).status_code == 403


def test_templates_hold_no_inline_script():
    root = Path(__file__).resolve().parents[2] / "src" / "oversight"
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.relative_to(root)}: {tag}")
    assert not offenders


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_expire_after_inactivity(settings, web, nghean):
    """An idle session ends: its end moves forward with the requests (at most once a minute,
    core.middleware.SessionRefreshMiddleware), and past it the user is signed out."""
    from django.utils import timezone

    from oversight.core.middleware import SessionRefreshMiddleware as Refresh

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 3600
    client = web(nghean)
    assert client.get("/matters/").status_code == 200
    first = _session_row(client)
    ends = first.expire_date
    assert timezone.now() < ends <= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # A request within the minute does not rewrite the row (the write per page was the point)
    Session = type(first)
    Session.objects.filter(pk=first.pk).update(expire_date=ends - timedelta(seconds=30))
    assert client.get("/petitions/").status_code == 200
    assert _session_row(client).expire_date == ends - timedelta(seconds=30)
    # …one after it does: the end moves forward
    session = client.session
    session[Refresh.KEY] -= Refresh.REFRESH_SECONDS
    session.save()
    assert client.get("/petitions/").status_code == 200
    assert _session_row(client).expire_date > ends - timedelta(seconds=1)
    # Past its end the session is over: the next page asks for the password
    Session.objects.filter(pk=first.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/petitions/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_request_with_a_token_reads_no_session(nghean):
    """The API with a token (no session cookie) neither reads nor writes a session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from oversight.accounts.tokens import issue

    key, _token = issue(nghean)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/me/")
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_check_deploy_is_clean_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update({
        "OVERSIGHT_PRODUCTION": "1",
        "OVERSIGHT_SECRET_KEY": "k" * 10 + "-production-secret-key-for-the-deploy-check-0123456789",
        "OVERSIGHT_ALLOWED_HOSTS": "oversight.example.gov.vn",
        "OVERSIGHT_DATA_DIR": str(tmp_path),
        "OVERSIGHT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "OVERSIGHT_ESCROW_PIN": "ab" * 32,
        "DJANGO_SETTINGS_MODULE": "oversight.settings",
    })
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # without the escrow pin the server would trust whatever escrow key the database names
    del env["OVERSIGHT_ESCROW_PIN"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "OVERSIGHT_ESCROW_PIN" in result.stdout + result.stderr


def test_production_turns_on_https_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update({"OVERSIGHT_PRODUCTION": "1", "OVERSIGHT_DATA_DIR": str(tmp_path),
                "DJANGO_SETTINGS_MODULE": "oversight.settings"})
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                            env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


def test_nul_characters_are_refused_not_a_server_error(api, nghean):
    client = api(nghean)
    assert client.get("/api/matters/", {"unit": "nghe\x00an"}).status_code == 400
    response = client.post("/api/directions/", {"addressee": "nghe\x00an", "text": "x",
                                                "issued_on": "2024-01-01",
                                                "due_on": "2024-02-01"}, format="json")
    assert response.status_code == 400 and "addressee" in response.json()
