"""On PostgreSQL the connections prepare a statement sent often (settings: server-side binding,
`prepare_threshold` from OVERSIGHT_PG_PREPARE): a list's statements are planned once per
connection, not on every request."""

import pytest
from django.db import connection

from oversight.accounts.models import User

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared "
                       "statements"),
    pytest.mark.django_db,
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _by_username_prepared() -> bool:
    return any('FROM "accounts_user" WHERE "accounts_user"."username" = $' in statement
               for statement in _prepared())


def test_a_statement_sent_often_is_prepared(make_user):
    user = make_user("chuan_bi")
    assert not _by_username_prepared()
    for _ in range(2):  # control: sent twice, not yet prepared
        User.objects.filter(username=user.username).exists()
    assert not _by_username_prepared()
    for _ in range(connection.connection.prepare_threshold + 1):
        User.objects.filter(username=user.username).exists()
    assert _by_username_prepared()
