"""Four indexes of the audit table that no query reads, dropped on PostgreSQL (issue 17).

Django gives every indexed or unique text column on PostgreSQL a second index for `LIKE
'prefix%'` (`varchar_pattern_ops`): the hash's, the action's and the object type's; no query of
the project asks for a prefix of them. And the object type's own index is the first column of
the (object type, object id) index. Each entry written updated ten indexes, the hash's two at a
random place among millions of entries: appending 11 entries (a page of a unit's petitions
with protected rows) on the national data took 2.49 ms with them, 1.69 ms without (median of
60, in one transaction rolled back, 10:15 UTC 2026-12-05). The model is unchanged (its fields
still say `db_index`/`unique`): Django drops these indexes with `IF EXISTS` when a field
changes, and SQLite never had the `LIKE` ones.
"""

from django.db import migrations

INDEXES = {
    "audit_auditentry_hash_718ebbcd_like": "(hash varchar_pattern_ops)",
    "audit_auditentry_action_dee621eb_like": "(action varchar_pattern_ops)",
    "audit_auditentry_object_type_00e64ac4_like": "(object_type varchar_pattern_ops)",
    "audit_auditentry_object_type_00e64ac4": "(object_type)",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON audit_auditentry {columns}")


class Migration(migrations.Migration):

    dependencies = [("audit", "0006_append_in_database")]

    operations = [migrations.RunPython(drop, restore)]
