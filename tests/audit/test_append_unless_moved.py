"""On SQLite, outside a transaction, entries are appended by one statement that fails if the
chain moved since its head was read (`writer._append_unless_moved`, issue 17): the write lock
is then held inside one call into SQLite, not across four with the interpreter lock waited
for between them. The chain must stay one chain whatever comes between the head read and
the insert: here another writer appends at that very moment, and the entries land after its
entry, chained to it (control: entries inserted under ids the database chooses, chained to
the stale head, break the chain and `verify` says so). Inside a transaction, and on
PostgreSQL, the entries go the way they went."""

import pytest
from django.db import connection, transaction

from oversight.audit import chain, writer
from oversight.audit.models import AuditEntry

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's way"),
    # outside the test's own transaction, as a request is; the tables are emptied after each
    # test, which the append-only triggers refuse on SQLite (tests/browser.py)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_audit_triggers_off"),
]


@pytest.fixture
def matter(make_matter):
    return make_matter(title="Vụ việc")


def _interrupted_once(monkeypatch, intruder):
    """Between the head's read (with the entries chained after it) and the insert, the first
    time: `intruder()` appends."""
    real, done = writer._chain_after_head, []

    def chain_after_head(*args):
        real(*args)
        if not done:
            done.append(1)
            intruder()

    monkeypatch.setattr(writer, "_chain_after_head", chain_after_head)


def test_a_writer_in_between_is_chained_after(nghean, matter, monkeypatch):
    assert not connection.in_atomic_block
    tries = []
    real_try = writer._append_unless_moved
    monkeypatch.setattr(writer, "_append_unless_moved",
                        lambda entries, *rest: tries.append(entries[0].action)
                        or real_try(entries, *rest))
    _interrupted_once(monkeypatch, lambda: writer.record("login", user=nghean))
    entries = writer.record_many("view_sensitive", [matter, nghean], user=nghean)
    # the first insert found its ids taken by the writer in between, the second went in
    assert tries == ["view_sensitive", "login", "view_sensitive"]
    intruder = AuditEntry.objects.get(action="login")
    assert [e.pk for e in entries] == [intruder.pk + 1, intruder.pk + 2]
    assert entries[0].prev_hash == intruder.hash
    stored = list(AuditEntry.objects.filter(pk__gte=intruder.pk).order_by("pk"))
    assert [(e.pk, e.hash) for e in stored[1:]] == [(e.pk, e.hash) for e in entries]
    assert chain.verify().ok


def test_control_entries_chained_to_a_stale_head_break_the_chain(nghean, matter,
                                                                 monkeypatch):
    """Entries whose ids the database chooses do not notice the writer in between: they go
    in after it still chained to the head before it, and the check above would fail."""
    real_sql = writer._insert_sql

    def ids_chosen_by_the_database(rows):
        return real_sql(rows).replace('"id", ', "", 1).replace("(%s, ", "(", rows)

    real_row = writer._row
    monkeypatch.setattr(writer, "_insert_sql", ids_chosen_by_the_database)
    monkeypatch.setattr(writer, "_row", lambda entry, prepare: real_row(entry, prepare)[1:])
    _interrupted_once(monkeypatch, lambda: writer.record("login", user=nghean))
    writer.record_many("view_sensitive", [matter, nghean], user=nghean)
    assert not chain.verify().ok


def test_inside_a_transaction_the_entries_go_under_the_lock(nghean, matter, monkeypatch):
    tries = []
    monkeypatch.setattr(writer, "_append_unless_moved", lambda *args: tries.append(1))
    with transaction.atomic():
        writer.record_many("view_sensitive", [matter], user=nghean)
    assert tries == []
    writer.record_many("view_sensitive", [matter], user=nghean)
    assert tries == [1, 1, 1]  # outside: tried (and here refused), then under the lock
    assert chain.verify().ok and AuditEntry.objects.filter(action="view_sensitive").count() == 2
