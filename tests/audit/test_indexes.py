"""The audit table keeps only the indexes something reads (migrations audit.0007 and 0008):
each entry appended writes every index, and an index of hashes at a random place."""

import pytest
from django.db import connection

from oversight.audit import chain
from oversight.audit.models import GENESIS, AuditEntry

TABLE = AuditEntry._meta.db_table


def _indexes() -> dict[str, list[str]]:
    """Every index of the audit table (constraints' own included) by name: its columns."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return {name: info["columns"] for name, info in found.items()
            if info["index"] or info["unique"] and not info["primary_key"]}


@pytest.mark.django_db
def test_no_index_of_hashes_nor_of_the_object_type_alone():
    indexes = _indexes()
    assert ["hash"] not in indexes.values()
    assert ["object_type"] not in indexes.values()
    # what the trail is read by stays: a record's history, an action, a day; a reader by the
    # lowercase of their name (migration 0009), not by the id, which nothing reads
    for columns in (["object_type", "object_id"], ["action"], ["at"]):
        assert columns in indexes.values(), (columns, indexes)
    assert "audit_username_lower" in indexes
    assert ["user_id"] not in indexes.values()


@pytest.mark.django_db
def test_the_check_can_see_an_index_of_hashes():
    """Control: the check above finds such an index when there is one."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX audit_hash_control ON {TABLE} (hash)")
    assert ["hash"] in _indexes().values()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LIKE indexes")
@pytest.mark.django_db
def test_no_prefix_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        definitions = [row[0] for row in cursor.fetchall()]
    assert not [d for d in definitions if "pattern_ops" in d]


@pytest.mark.django_db
def test_an_entry_is_found_by_its_position_and_hash(nghean):
    from oversight import audit

    first = audit.record("view_sensitive", nghean, user=nghean)
    second = audit.record("view_sensitive", nghean, user=nghean)
    assert chain.contains(first.pk, first.hash) and chain.contains(second.pk, second.hash)
    assert chain.contains(0, GENESIS)
    # a hash at another position than the proof says, or a position the chain has not
    # reached, is not the entry the proof names
    assert not chain.contains(first.pk, second.hash)
    assert not chain.contains(second.pk + 1, second.hash)
    assert not chain.contains(0, second.hash)
    # a kept head is met on the way through the chain
    assert chain.verify(find=first.hash).found and chain.verify(find=GENESIS).found
    assert not chain.verify(find="f" * 64).found
