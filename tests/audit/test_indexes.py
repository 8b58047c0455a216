"""The audit table on PostgreSQL keeps only the indexes something reads (migration
audit.0007): each entry written updates every index, two of them at a random place."""

import pytest
from django.db import connection

from oversight.audit.models import AuditEntry


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LIKE indexes")
@pytest.mark.django_db
def test_no_prefix_index_and_no_index_the_pair_covers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s",
                       [AuditEntry._meta.db_table])
        definitions = [row[0] for row in cursor.fetchall()]
    assert not [d for d in definitions if "pattern_ops" in d]
    assert not [d for d in definitions if d.endswith("(object_type)")]
    # what the trail is read by stays: the chain's order and uniqueness, a record's history
    assert any("UNIQUE" in d and "(hash)" in d for d in definitions)
    assert any("(object_type, object_id)" in d for d in definitions)
    assert any(d.endswith("(action)") for d in definitions)
