"""Headless Chromium for the test suite: Debian's /usr/bin/chromium driven by the playwright
package (no browser download; see scripts/screenshots.py). A module of browser tests sets
`pytestmark = MARKS` and asks for the `browser` fixture (tests/conftest.py loads this module as a
plugin). Without Chromium the tests are skipped, except under CI (the CI environment variable
set), where they fail.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        # Nothing leaves the machine (pytest-socket cannot see another process): Chromium
        # resolves no name but the live server's.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost"]
TIMEOUT_MS = 60_000  # generous: CI runs the suite twice on two shared cores


def _missing() -> str:
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is not installed (scripts/system-deps.sh installs it when run as "
                "root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return ""


MISSING = _missing()
MARKS = [
    pytest.mark.browser,
    # live_server needs committed data; the database is emptied after each test and reloaded
    # (units, roles, time-limit rules) from the copy serialized when it was created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_audit_triggers_off"),
    pytest.mark.skipif(bool(MISSING) and not os.environ.get("CI"),
                       reason=f"{MISSING}; under CI (CI set) these tests fail instead"),
]


@pytest.fixture(scope="session")
def _audit_triggers_off(django_db_setup, django_db_blocker):
    """The audit trail's append-only triggers refuse what live_server tests need between two
    tests: emptying the tables (a DELETE on SQLite) and reloading the serialized copy (an
    UPDATE of the entries written by migrations). They are dropped for these tests, which
    pytest-django runs after every other database test, and created again at the end."""
    from django.db import connection

    triggers = importlib.import_module("oversight.audit.migrations.0002_append_only_triggers")
    create = {"sqlite": triggers.SQLITE, "postgresql": triggers.POSTGRESQL}
    drop = {"sqlite": triggers.SQLITE_REVERSE, "postgresql": triggers.POSTGRESQL_REVERSE}

    def run(statements):
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for sql in statements.get(connection.vendor, []):
                cursor.execute(sql)

    run(drop)
    yield
    run(drop)
    run(create)


@pytest.fixture
def browser(live_server):
    """new(javascript=True, width=1280) -> a fresh page in a browser context of its own (no shared
    cookies), its addresses relative to the live server."""
    if MISSING:  # only under CI: elsewhere the tests are skipped
        pytest.fail(f"The browser tests cannot run: {MISSING}.", pytrace=False)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread while it is started:
    # Django then refuses ORM calls unless told otherwise, and hands this thread connections
    # of their own, closed below. So Playwright starts after the test database is set up for
    # the test and stops before it is emptied (the live server runs in its own thread).
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        def new(javascript: bool = True, width: int = 1280):
            context = chromium.new_context(
                base_url=live_server.url, java_script_enabled=javascript,
                viewport={"width": width, "height": 900}, locale="vi-VN")
            context.set_default_timeout(TIMEOUT_MS)
            return context.new_page()

        try:
            yield new
        finally:
            chromium.close()
            connections.close_all()


def sign_in(page, user, next_path: str = "/petitions/") -> None:
    """Through the login form (the test users' password is pw-<username>), then to next_path."""
    page.goto(f"/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-" + user.username)
    page.click("button[type=submit].btn-danger")
    # the path, not a glob such as "**/petitions/": the login page's own address ends so
    page.wait_for_url(lambda url: urlsplit(url).path == next_path)
