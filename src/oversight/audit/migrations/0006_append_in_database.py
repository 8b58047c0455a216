"""PostgreSQL chains and inserts the entries of one write itself, in one statement.

`audit.writer` used to take the writers' lock, read the chain's head, hash and insert from
Python: four round trips with the lock held, and in a threaded server each return to Python
waits for the interpreter's lock behind the other threads' work. Under 32 clients the list
of a unit's petitions (which records every protected row it shows) queued behind that lock
(issue 17). `audit_append` does the same work inside the database: the lock is taken and,
outside an enclosing transaction, released by the one statement. The hash is the same:
Python sends the canonical JSON of each entry cut around its id and previous hash
(`AuditEntry.hash_pieces`) and the function puts the two in with PostgreSQL's own `sha256`.
The key of the advisory lock is the one `audit.writer` used."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append(
    befores text[], middles text[], afters text[], ats timestamptz[], user_ids bigint[],
    usernames text[], addresses text[], actions text[], object_types text[],
    object_ids text[], object_reprs text[], unit_ids bigint[], changes text[], details text[],
    OUT head_id bigint, OUT head_hash text, OUT hashes text[]) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    prev text;
    prevs text[] := ARRAY[]::text[];
    n integer := coalesce(cardinality(befores), 0);
BEGIN
    hashes := ARRAY[]::text[];
    PERFORM pg_advisory_xact_lock(7246372001);
    -- read after the lock is held: each statement of a volatile function sees what was
    -- committed before it began, so the last writer's entries are seen
    SELECT e.id, e.hash INTO head_id, prev FROM audit_auditentry e ORDER BY e.id DESC LIMIT 1;
    IF head_id IS NULL THEN
        head_id := 0;
        prev := repeat('0', 64);
    END IF;
    head_hash := prev;
    FOR i IN 1 .. n LOOP
        prevs := prevs || prev;
        prev := encode(sha256(convert_to(
            prev || befores[i] || (head_id + i)::text || middles[i] || prev || afters[i],
            'UTF8')), 'hex');
        hashes := hashes || prev;
    END LOOP;
    INSERT INTO audit_auditentry (id, at, user_id, username, address, action, object_type,
                                  object_id, object_repr, unit_id, changes, detail,
                                  prev_hash, hash)
    SELECT head_id + k, ats[k], user_ids[k], usernames[k], addresses[k], actions[k],
           object_types[k], object_ids[k], object_reprs[k], unit_ids[k],
           changes[k]::jsonb, details[k]::jsonb, prevs[k], hashes[k]
    FROM generate_series(1, n) AS k;
END $$
"""
DROP = ("DROP FUNCTION IF EXISTS audit_append(text[], text[], text[], timestamptz[], bigint[], "
        "text[], text[], text[], text[], text[], text[], bigint[], text[], text[])")


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_alter_auditentry_action")]

    operations = [migrations.RunPython(_on_postgresql(FUNCTION), _on_postgresql(DROP))]
