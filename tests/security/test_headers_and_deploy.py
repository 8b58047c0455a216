"""Security headers, no inline script, and `oversight check --deploy` clean in production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 3600


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
