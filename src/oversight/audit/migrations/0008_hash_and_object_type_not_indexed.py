"""The audit table without an index on the hash, nor on the object type alone (issue 17).

Every entry appended wrote the hash's unique index at a random place among all entries: on
SQLite a list page's 11 entries touched some 11 index pages more, which doubled the insert
(0.32 → 0.16 ms of CPU for 11 entries on the province set's 467,619 entries, median of 300
in a copy of its table) and the write-ahead log it leaves for the checkpoint (mean commit
0.60 → 0.20 ms). Nothing reads an entry by its hash alone (`audit.chain.contains` reads it by
its id; a kept head is met while the chain is verified). The object type's own index is the
first column of the (object type, object id) index; PostgreSQL lost it in 0007.

On SQLite, dropping a column's UNIQUE rebuilds the table, which drops its triggers: the
append-only triggers of 0002 are created again right after (as in 0003).
"""

import importlib

from django.db import migrations, models

# Its function makes the append-only triggers of 0002 again (on SQLite; nothing elsewhere).
longer_action = importlib.import_module("oversight.audit.migrations.0003_longer_action")
triggers_again = longer_action.recreate_sqlite_triggers


class Migration(migrations.Migration):

    dependencies = [("audit", "0007_drop_unused_indexes_on_postgresql")]

    operations = [
        # unapplied, the fields are altered back (a rebuild again) before this runs
        migrations.RunPython(migrations.RunPython.noop, triggers_again),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="object_type",
            field=models.CharField(blank=True, max_length=100, verbose_name="object type"),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]
