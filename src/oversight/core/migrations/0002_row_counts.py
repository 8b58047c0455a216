"""Row counts kept by statement triggers on PostgreSQL (`core.models.RowCount`, issue 17).

Each counted table gets three statement triggers: after INSERT (its new rows, a transition
table) and after DELETE (its old rows) one row in `core_rowcount` with the number added or
removed; after TRUNCATE its rows there are replaced by none (the count is then zero). The
table's rows at the time of this migration are counted first, with the table locked against
writers. Every 256th row written for a table folds its committed rows into one sum, by the
writer that takes the table's advisory lock without waiting; rows still uncommitted are not
visible to it and stay as they are. SQLite keeps no such rows (its count is cheap).
"""

from django.db import migrations, models

COUNTED = ("matters_matter", "matters_direction", "petitions_petition")
LOCK_CLASS = 724637200  # the advisory lock of a table's folding: (this, the table's oid)

FUNCTION = f"""
CREATE OR REPLACE FUNCTION oversight_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
    made bigint;
    folded bigint;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM core_rowcount WHERE table_name = TG_TABLE_NAME;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO changed FROM new_rows;
    ELSE
        SELECT -count(*) INTO changed FROM old_rows;
    END IF;
    IF changed = 0 THEN
        RETURN NULL;
    END IF;
    INSERT INTO core_rowcount (table_name, delta) VALUES (TG_TABLE_NAME, changed)
        RETURNING id INTO made;
    IF made % 256 = 0 AND pg_try_advisory_xact_lock(
            {LOCK_CLASS}, (TG_RELID::bigint % 2147483647)::int) THEN
        WITH gone AS (DELETE FROM core_rowcount WHERE table_name = TG_TABLE_NAME
                      RETURNING delta)
        SELECT coalesce(sum(delta), 0) INTO folded FROM gone;
        INSERT INTO core_rowcount (table_name, delta) VALUES (TG_TABLE_NAME, folded);
    END IF;
    RETURN NULL;
END
$$;
"""


def _triggers(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION oversight_count_rows();
CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION oversight_count_rows();
CREATE TRIGGER {table}_count_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION oversight_count_rows();
LOCK TABLE {table} IN SHARE MODE;
INSERT INTO core_rowcount (table_name, delta) SELECT '{table}', count(*) FROM {table};
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in COUNTED:
            cursor.execute(_triggers(table))


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in COUNTED:
            for event in ("insert", "delete", "truncate"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_count_{event} ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS oversight_count_rows()")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_moved_tables"),
        ("matters", "0011_list_order_indexes"),
        ("petitions", "0024_deadline_change_lapsed_span"),
    ]

    operations = [
        migrations.CreateModel(
            name="RowCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("table_name", models.CharField(max_length=63)),
                ("delta", models.BigIntegerField()),
            ],
            options={"db_table": "core_rowcount",
                     "indexes": [models.Index(fields=["table_name"], name="rowcount_table")]},
        ),
        migrations.RunPython(install, uninstall),
    ]
