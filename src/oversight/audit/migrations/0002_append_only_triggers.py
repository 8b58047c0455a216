"""The database itself refuses to change or delete an audit entry."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_auditentry_append_only()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
