"""The GiST index of the deadline rows' lapsed spans (`petitions.models.LapsedAcross`), on
PostgreSQL only: SQLite has no range type, and its report reads the history by the B-tree
`deadline_change_running` as before (issue 17)."""

from django.db import migrations

# Only the rows whose deadline passed before they were superseded (new < until: 344,155 of
# 4.7 million history rows on the national set, 36 MB), with what the report reads from them
# included, so that it is answered from the index alone. The span is written with greatest()
# so that no row can make daterange() fail, whichever order the conditions are evaluated in.
CREATE = """
CREATE INDEX deadline_change_lapsed_span ON petitions_deadlinechange
USING gist (daterange("new", greatest("new", "until"), '()'))
INCLUDE (petition_id, "on", "new", "until")
WHERE field = 'next_due' AND "new" < "until"
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
