"""The trail searched by a user's name through an index of its lowercase, and the user id's
index, which nothing reads, dropped (issue 17).

The trail's search by user (`audit.filtersets`) compared every entry's name without regard to
case (`LIKE` on SQLite, `UPPER()` on PostgreSQL), which no index serves: 266 ms over the
province set's 1.4 million entries on SQLite, while the index of `user_id` was written by
every entry appended and read by no query. The index moves to what the search reads; an
entry appended still writes four indexes.

The user id's index is dropped by name: on SQLite, Django makes a field's `db_index` change
by rebuilding the whole table (millions of rows, and the append-only triggers of 0002 with
it), where `DROP INDEX` is all that changes.

On PostgreSQL the table is analysed after: the planner keeps no statistics of an expression
until then, and on the national set (6.96 million entries) it read a user's 63 entries by
walking the whole trail backwards in id order (232 ms; 20 ms after `ANALYZE`).
"""

import django.db.models.functions.text
from django.db import migrations, models

USER_ID_INDEX = "audit_auditentry_user_id_b5ee03cd"  # Django's name for it, on both databases


def analyse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE audit_auditentry")


class Migration(migrations.Migration):

    dependencies = [("audit", "0008_hash_and_object_type_not_indexed")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField(
                model_name="auditentry",
                name="user_id",
                field=models.BigIntegerField(blank=True, null=True, verbose_name="user id"),
            )],
            database_operations=[migrations.RunSQL(
                f"DROP INDEX IF EXISTS {USER_ID_INDEX}",
                f"CREATE INDEX IF NOT EXISTS {USER_ID_INDEX} ON audit_auditentry (user_id)",
            )],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(django.db.models.functions.text.Lower("username"),
                               name="audit_username_lower"),
        ),
        migrations.RunPython(analyse, migrations.RunPython.noop),
    ]
