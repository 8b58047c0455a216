"""The GiST index of the deadline rows' lapsed spans (`petitions.models.LapsedAcross`), on
PostgreSQL only: SQLite has no range type, and its report reads the history by the B-tree
`deadline_change_running` as before (issue 17)."""

from django.db import migrations

CREATE = """
CREATE INDEX deadline_change_lapsed_span ON petitions_deadlinechange
USING gist (daterange("new", greatest("new", "until"), '()'))
WHERE field = 'next_due' AND until IS NOT NULL AND "new" IS NOT NULL
"""
DROP = "DROP INDEX IF EXISTS deadline_change_lapsed_span"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0023_petition_standing_due'),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
