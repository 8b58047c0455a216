"""Property-based API testing: every operation of /api/schema/, a few generated requests each,
sent in-process to the WSGI app as an officer who is also an administrator. No response may be
a server error, and every documented response must match the schema."""

from __future__ import annotations

import collections
import datetime as dt
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from oversight.accounts.roles import Role

MAX_EXAMPLES = int(os.environ.get("OVERSIGHT_SCHEMATHESIS_EXAMPLES", "5"))  # per operation


@pytest.fixture
def token(make_user, make_matter, make_direction, make_petition):
    from oversight.accounts import tokens

    user = make_user("fuzzer", "nghe_an", roles=(Role.OFFICER, Role.ADMINISTRATOR))
    matter = make_matter("nghe_an", by=user)
    make_direction(matter=matter)
    make_petition(kind="denunciation")
    make_petition(kind="complaint", received_on=dt.date(2024, 1, 5))
    return tokens.issue(user)[0]


def api_errors_are_json(ctx, response, case):
    """Under /api/ every error is JSON, whichever layer refused the request."""
    if response.status_code >= 400:
        content_type = "".join(response.headers.get("content-type", [""])
                               or response.headers.get("Content-Type", [""]))
        if "json" not in content_type:
            raise AssertionError(f"{case.operation.label}: {response.status_code} answered "
                                 f"{content_type or 'no content type'}, not JSON")
    return None


def operations():
    from oversight.wsgi import application

    schema = (schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
              # Revoking the token would sign the rest of the run out (tests/accounts/test_api.py).
              .exclude(path="/api/auth/token/", method="DELETE"))
    for result in schema.get_all_operations():
        yield result.ok()


def test_api_conforms_to_its_schema(token, settings_override):
    headers = {"Authorization": f"Token {token}"}
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance,
              api_errors_are_json]
    failures = []
    tested = 0
    statuses = collections.Counter()
    for operation in operations():
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call_and_validate(headers=headers, checks=checks)
            statuses[response.status_code // 100] += 1

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # report every operation's failures
            failures.append(f"{operation.label}: {str(error)[:1500]}")
        tested += 1
    assert not failures, "\n\n".join(failures)
    assert tested > 40
    assert statuses[2] > 30, statuses  # the token works: many calls succeed


@pytest.fixture
def settings_override(settings, tmp_path):
    """Like Django's test client: requests sent straight to the WSGI app must not close the
    test's database connection (on PostgreSQL it would, inside the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    settings.MEDIA_ROOT = tmp_path
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield settings
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_hostile_bodies_on_every_write_operation(token, settings_override):
    """What a fuzzer would try on every operation that takes a body (the schema's list, so a
    new endpoint is covered): JSON nested 1,000 levels deep and strings made only of invisible
    characters. Each gets a JSON answer, never a 500 or a page, and nothing invisible is
    stored."""
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    deep = "[" * 1000 + "]" * 1000
    invisible = "\u202e\u200b\ufeff"
    tried = 0
    for operation in operations():
        if operation.method.upper() not in ("POST", "PUT", "PATCH"):
            continue
        path = operation.path.replace("{id}", "1").replace("{user}", "fuzzer")
        path = __import__("re").sub(r"\{[^}]+\}", "1", path)
        send = getattr(client, operation.method.lower())
        response = send(path, deep, content_type="application/json")
        # 400; or, for an operation that never reads its body (a link run), its usual answer.
        assert response.status_code < 500, (operation.label, response.status_code,
                                             response.content[:300])
        assert "json" in response["Content-Type"], (operation.label, response["Content-Type"])
        # Invisible text in the usual text fields: refused, or ignored by an operation that
        # has no such field — never stored.
        body = {name: invisible for name in ("title", "text", "subject", "name", "reason",
                                             "content", "summary", "note", "decision")}
        response = send(path, body, content_type="application/json")
        assert response.status_code < 500 and "json" in response["Content-Type"], \
            (operation.label, response.status_code)
        if response.status_code < 300:  # an error may quote the input; a record may not
            assert invisible not in response.content.decode("utf-8", "replace"), operation.label
        tried += 1
    assert tried > 20
