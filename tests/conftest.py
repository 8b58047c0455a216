"""Shared fixtures: users of different units and roles, API clients, record factories."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.matters import actions as matter_actions
from oversight.units.models import Unit

# Hypothesis times its own input generation and each example on the wall clock. On a shared
# 2-core machine a busy second can fail a property that holds ("Input generation is slow: 4
# valid inputs after 1.21 seconds", CI of 2026-12-03 at load 4, for a date and an integer):
# those timings say how busy the machine was, not whether the code is right. The properties
# themselves, and every other health check, stay as they are.
settings.register_profile("oversight", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("oversight")

# The browser fixtures (headless Chromium against the live server) for every test module.
pytest_plugins = ["tests.browser"]

_ESCROW = {}
_PROOF_KEY = Path(tempfile.gettempdir()) / f"oversight-test-proof-{os.getpid()}.pem"

# --- Nothing leaves the machine (SECURITY.md) ------------------------------------------------
# pytest-socket (addopts in pyproject.toml) refuses connections to anything but loopback and
# Unix sockets; it lets name look-ups through, and a look-up alone sends the name to a DNS
# server (and waits when there is none). This guard refuses look-ups of other names for the
# whole session. PostgreSQL (libpq), Chromium, LibreOffice and gunicorn are other processes or
# C code: they reach the database and the live server on loopback, and the guard is not theirs.
_LOOPBACK_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}
_true_getaddrinfo = socket.getaddrinfo


class OutboundLookupBlocked(RuntimeError):
    """A test looked up a name other than loopback."""


def _loopback_getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOOPBACK_NAMES:
        try:
            ipaddress.ip_address(str(name).split("%")[0])  # a literal address: no look-up
        except ValueError:
            raise OutboundLookupBlocked(
                f"A test tried to look up {name!r}: nothing leaves the machine.") from None
    return _true_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config):
    socket.getaddrinfo = _loopback_getaddrinfo


def pytest_unconfigure(config):
    socket.getaddrinfo = _true_getaddrinfo



def _uses_database(request) -> bool:
    """Whether the test asks for the database (a fixture or the `django_db` mark): the
    autouse fixtures below that need it stay out of the tests that do not."""
    return ("db" in request.fixturenames or "transactional_db" in request.fixturenames
            or request.node.get_closest_marker("django_db") is not None)


@pytest.fixture(autouse=True)
def escrow_key(request):
    """Protected intake needs an escrow public key (or a custodian): every test database
    gets one; its private half is `escrow_key` for tests that recover with it."""
    if not _uses_database(request):
        return None
    request.getfixturevalue("db")
    from oversight.identity import crypto
    from oversight.identity.keys import fingerprint
    from oversight.identity.models import EscrowKey

    if not _ESCROW:
        _ESCROW["private"], _ESCROW["public"] = crypto.generate_keypair()
    EscrowKey.objects.get_or_create(public_key=_ESCROW["public"], defaults={
        "fingerprint": fingerprint(_ESCROW["public"]),
        "signing_public": crypto.signing_public(_ESCROW["private"])})
    return _ESCROW["private"]


@pytest.fixture(autouse=True)
def _security_defaults(settings):
    """Tests sign users in with force_login; the second factor has its own tests
    (tests/security/test_two_factor.py), which turn OVERSIGHT_REQUIRE_2FA back on. Rate-limit
    counters live in the cache: each test starts with none (and with no kept menu)."""
    from django.core.cache import cache, caches

    settings.REQUIRE_2FA = False
    # Argon2 is deliberately slow; tests that check hashing restore it (test_passwords.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The portal's receipt hash and proof of work, cheap (tests/portal/test_receipts.py checks
    # the production cost).
    settings.PORTAL_RECEIPT_ARGON2 = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
    settings.PORTAL_POW_BITS = 4
    # No escrow pin unless a test sets one (the rogue-administrator test does, as production
    # must): the test database's active escrow key is trusted.
    settings.ESCROW_PIN, settings.ESCROW_PIN_FILE = "", None
    # The proof-signing key (audit/proofs.py) of this test process, outside the data dir.
    settings.PROOF_SIGNING_KEY_FILE = str(_PROOF_KEY)
    for kept in (cache, caches["template_fragments"]):
        kept.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_coverage(request):
    """Every test runs with the audit-coverage guard (oversight/audit/coverage.py): a write to
    an audited table that records no audit entry fails the test that made it. A test that
    plays a tamperer marks itself `@pytest.mark.unaudited_writes`."""
    if request.node.get_closest_marker("unaudited_writes") or not _uses_database(request):
        yield
        return
    from oversight.audit.coverage import guard

    with guard():
        yield


@pytest.fixture(autouse=True)
def _standing_deadline_copy_kept(request):
    """After every test that used the database, each petition's copy of its standing running
    deadline (`Petition.standing_due`, which the report counts) equals its deadline history
    (`DeadlineChange.standing_copy_mismatches`), whatever path the test wrote the history by.
    A test that breaks the history on purpose marks itself
    `@pytest.mark.breaks_deadline_history`."""
    if (request.node.get_closest_marker("breaks_deadline_history")
            or not _uses_database(request)):
        yield
        return
    # set up here, so that the database outlives the check below
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames
                            else "db")
    yield
    from django.db import connection

    from oversight.petitions.models import DeadlineChange

    if connection.needs_rollback:  # the test ended inside a failed transaction on purpose
        return
    mismatched = DeadlineChange.standing_copy_mismatches()
    assert not mismatched, (
        f"petitions {mismatched[:10]}: the standing running deadline copied on the petition "
        "differs from the deadline history (write history through "
        "petitions.actions.record_deadline_changes)")


@pytest.fixture(autouse=True)
def _calendar_fresh(settings):
    """The working calendar caches its exceptions per process (core/calendar.py); a test's
    rows vanish with its transaction, so each test starts and ends with the cache empty, and
    the periodic re-check is off (it would add a query at random points)."""
    from oversight.core import calendar

    settings.CALENDAR_RECHECK_SECONDS = 0
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def _list_plans_fresh():
    """Kept list plans (core/listplans.py) are checked against the rows their build read; a
    test's rows vanish with its transaction and the next test's may take the same ids, so each
    test starts with none kept, as a server does."""
    from oversight.core import listplans

    listplans.forget()
    yield


@pytest.fixture(autouse=True)
def _unit_options_fresh():
    """The unit and officer pickers are kept per process for a minute (units/pickers.py,
    core/pickers.py); a test's units and users vanish with its transaction without a signal,
    so each test starts with none kept."""
    from oversight.core import pickers as officers
    from oversight.units import pickers

    pickers.forget_options()
    officers.forget_officers()
    yield


@pytest.fixture
def unit(db):
    """Look up a unit by code: unit('nghe_an')."""
    return lambda code: Unit.objects.get(code=code)


@pytest.fixture
def make_user(db):
    def make(username: str, unit_code: str | None = "nghe_an", roles=(Role.OFFICER,), **extra):
        user = User.objects.create_user(
            username=username, password="pw-" + username,
            unit=Unit.objects.get(code=unit_code) if unit_code else None, **extra,
        )
        user.set_roles(roles)
        return user

    return make


@pytest.fixture
def nghean(make_user):
    return make_user("nghean", "nghe_an")


@pytest.fixture
def hanoi(make_user):
    return make_user("hanoi", "ha_noi")


@pytest.fixture
def quangtri(make_user):
    return make_user("quangtri", "quang_tri")


@pytest.fixture
def analyst(make_user):
    return make_user("central", "central", roles=(Role.CENTRAL_ANALYST,))


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", "central", roles=(Role.ADMINISTRATOR,), is_staff=True)


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated as that user (None: anonymous)."""

    def client(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return client


@pytest.fixture
def web(client):
    """web(user) -> Django's test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def make_matter(db):
    def make(unit_code="nghe_an", by=None, **fields):
        fields.setdefault("kind", "case")
        fields.setdefault("title", f"Vụ án tại {unit_code}")
        fields.setdefault("monitored_from", dt.date(2024, 3, 1))
        return matter_actions.create_matter(
            by=by, responsible_unit=Unit.objects.get(code=unit_code), **fields
        )

    return make


@pytest.fixture
def make_direction(db, make_matter):
    def make(matter=None, unit_code="nghe_an", **fields):
        matter = matter or make_matter(unit_code)
        fields.setdefault("text", "Khẩn trương kết thúc điều tra")
        fields.setdefault("issued_on", dt.date(2024, 4, 1))
        fields.setdefault("due_on", dt.date(2024, 6, 30))
        fields.setdefault("addressee", Unit.objects.get(code=unit_code))
        return matter_actions.issue_direction(by=None, matter=matter, **fields)

    return make
