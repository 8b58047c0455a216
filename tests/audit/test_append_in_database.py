"""Entries chained from their pieces (by PostgreSQL's `audit_append`, migration 0006; in Python
on SQLite) are the entries their whole content would have chained: the canonical JSON cut
around the id and the previous hash puts back together into the very text the hash covers, for
any content; the chain verifies in Python; writers at once still make one chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.audit import chain, writer
from oversight.audit import models as audit_models
from oversight.audit.models import _ID_MARK, _PREV_MARK, PIECE_KEYS, AuditEntry, pieces_of

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def made_entries(draw):
    return AuditEntry(
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
            microseconds=draw(st.integers(0, 10**12))),
        user_id=draw(st.none() | st.integers(1, 2**40)), username=draw(texts),
        address=draw(texts), action=draw(texts), object_type=draw(texts),
        object_id=draw(texts), object_repr=draw(texts),
        unit_id=draw(st.none() | st.integers(1, 2**40)),
        changes=draw(st.dictionaries(st.text(), json_values, max_size=3)),
        detail=draw(st.dictionaries(st.text(), json_values, max_size=3)))


@st.composite
def batches(draw):
    """Entries as a list page makes them — sharing their time, reader, address, action and
    detail objects — mixed with entries of their own values, some holding a mark."""
    shared = draw(made_entries())
    entries = []
    for _ in range(draw(st.integers(1, 6))):
        entry = draw(made_entries())
        if draw(st.booleans()):
            for name in ("at", "user_id", "username", "address", "action", "detail", "unit_id"):
                setattr(entry, name, getattr(shared, name))
            entry.changes = shared.changes
        if draw(st.booleans()):
            entry.at = None
        mark = draw(st.sampled_from(["", _ID_MARK, _PREV_MARK, f"x{_ID_MARK}"]))
        if mark:
            setattr(entry, draw(st.sampled_from(["object_id", "object_repr", "username"])),
                    mark)
        entries.append(entry)
    return entries


def test_the_piece_keys_are_the_contents_keys_in_order():
    """`pieces_of` writes the content's keys in the order canonical JSON sorts them, the id
    between the first and second group, the previous hash between the second and third."""
    first, second, third = PIECE_KEYS
    order = [*first, "id", *second, "prev_hash", *third]
    assert order == sorted(AuditEntry(changes={}, detail={}).content())


@settings(max_examples=300, deadline=None)
@given(entries=batches())
def test_pieces_of_a_batch_are_each_entrys_hash_pieces(entries):
    """The writer's pieces, written value by value with shared values written once, are byte
    for byte what each entry's whole canonical JSON cut gives (None where a mark makes it
    ambiguous)."""
    assert pieces_of(entries) == [entry.hash_pieces() for entry in entries]


def test_pieces_of_can_fail(monkeypatch):
    """Control: text escaped as ASCII (`\\u1ed3` for `ồ`) gives other pieces, and the test
    above would see it."""
    entry = AuditEntry(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), changes={}, detail={},
                       object_repr="Hồ sơ")
    assert pieces_of([entry]) == [entry.hash_pieces()]
    monkeypatch.setattr(audit_models, "_write_text", __import__("json").encoder.
                        encode_basestring_ascii)
    assert pieces_of([entry]) != [entry.hash_pieces()]


def put_together(pieces, pk: int, prev: str) -> str:
    before, middle, after = pieces
    return hashlib.sha256((prev + before + str(pk) + middle + prev + after).encode()).hexdigest()


@settings(max_examples=300, deadline=None)
@given(entry=made_entries(), pk=st.integers(1, 2**62),
       prev=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_the_pieces_put_together_give_the_entrys_hash(entry, pk, prev):
    """What the database computes from the pieces is the hash Python computes, for any
    content, id and previous hash; a control assembly (id and previous hash swapped) is not."""
    pieces = entry.hash_pieces()
    assert pieces is not None
    entry.pk, entry.prev_hash = pk, prev
    assert put_together(pieces, pk, prev) == entry.compute_hash()
    before, middle, after = pieces
    swapped = hashlib.sha256((prev + before + prev + middle + str(pk) + after).encode()).hexdigest()
    assert swapped != entry.compute_hash()


@pytest.mark.parametrize("fields", [{"object_id": _ID_MARK}, {"detail": {"x": _PREV_MARK}},
                                    {"object_repr": f"a{_PREV_MARK}b"}])
def test_content_holding_a_mark_has_no_pieces(fields):
    """A mark written in the content itself (as a whole string for the id's, anywhere for the
    previous hash's) makes the cut ambiguous: no pieces, and the writer chains it in Python.
    Control: the same entry with the mark's text changed has pieces."""
    entry = AuditEntry(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), **{"changes": {}, "detail": {},
                                                                    **fields})
    assert entry.hash_pieces() is None
    unmarked = {name: (str(value).replace(_ID_MARK, "id").replace(_PREV_MARK, "prev")
                       if isinstance(value, str) else
                       {k: v.replace(_PREV_MARK, "prev") for k, v in value.items()})
                for name, value in fields.items()}
    other = AuditEntry(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), **{"changes": {}, "detail": {},
                                                                    **unmarked})
    assert other.hash_pieces() is not None


def test_a_mark_inside_other_text_still_cuts_right():
    """The id's mark inside longer text, or quoted within text, is not the id: the pieces are
    still exact."""
    entry = AuditEntry(at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), changes={},
                       detail={"q": f'"{_ID_MARK}"'}, object_repr=f"x{_ID_MARK}")
    pieces = entry.hash_pieces()
    entry.pk, entry.prev_hash = 7, "a" * 64
    assert put_together(pieces, 7, "a" * 64) == entry.compute_hash()


@pytest.mark.django_db
def test_chained_from_the_pieces_as_from_the_whole_content(make_matter):
    """Entries chained from their pieces — by the database on PostgreSQL, in Python on SQLite
    (`writer._chain_after_head`) —, then one that must be hashed whole (a mark in its text),
    then from the pieces again: every row equals the entry as made, each hash is the one
    its whole content gives, and the chain verifies."""
    matters = [make_matter(title=f"Vụ “{n}” \\ \t\n{'𝔘' * n}") for n in range(3)]
    first = writer.record_many("view_sensitive", matters, detail={"ghi chú": "đã xem"})
    odd = writer.record("view_sensitive", matters[0], detail={"text": _PREV_MARK})
    assert odd.hash_pieces() is None
    last = writer.record_many("view_sensitive", matters[:1])
    made = [*first, odd, *last]
    stored = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[e.pk for e in made])}
    columns = [f.attname for f in AuditEntry._meta.concrete_fields]
    for before, entry in zip(made, made[1:], strict=False):
        assert entry.prev_hash == before.hash and entry.pk == before.pk + 1
    for entry in made:
        assert [getattr(stored[entry.pk], c) for c in columns] == \
            [getattr(entry, c) for c in columns]
        assert stored[entry.pk].compute_hash() == entry.hash
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL function")
def test_writers_at_once_make_one_chain(make_matter):
    """Four threads appending at once (each its own connection): every entry is in the one
    chain, each after the one before, and it verifies."""
    matters = [make_matter(title=f"Vụ {n}") for n in range(5)]
    errors = []

    def write():
        try:
            for _ in range(10):
                writer.record_many("view_sensitive", matters)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    before = AuditEntry.objects.count()
    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == before + 4 * 10 * 5
    result = chain.verify()
    assert result.ok, result.reason


def _head_plans(make_matter, migration: str) -> list[str]:
    """The plans PostgreSQL made for `audit_append`'s read of the head — the function as
    `migration` defines it, made anew in the test's transaction (rolled back with it), so that
    its statements are planned now — while index reads are priced a thousand times a page
    read: the statistics of a table that was nearly empty when a connection first appended
    (the seed: one connection, whose plan read the whole trail for each entry as it grew).
    auto_explain sends each plan to this connection as a notice."""
    import importlib

    function = importlib.import_module(f"oversight.audit.migrations.{migration}").FUNCTION
    matter = make_matter(title="Vụ kế hoạch")
    with connection.cursor() as cursor:
        for statement in (function, "SET LOCAL random_page_cost = 4000", "LOAD 'auto_explain'",
                          "SET LOCAL auto_explain.log_min_duration = 0",
                          "SET LOCAL auto_explain.log_nested_statements = on",
                          "SET LOCAL auto_explain.log_level = notice"):
            cursor.execute(statement)
    notices = []

    def handler(diagnostic):  # read now: the notice is freed when the handler returns
        notices.append(diagnostic.message_primary or "")

    raw = connection.connection
    raw.add_notice_handler(handler)
    try:
        writer.record_many("view_sensitive", [matter])
    finally:
        raw.remove_notice_handler(handler)
    return [text for text in notices if "ORDER BY e.id DESC LIMIT 1" in text]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL function")
def test_the_head_is_read_by_its_index_whatever_the_estimates(make_matter):
    """However the planner prices the trail, `audit_append` reads the head by the primary
    key's index (migration audit 0010)."""
    plans = _head_plans(make_matter, "0010_append_reads_the_head_by_its_index")
    assert plans and all("Index Scan Backward" in plan for plan in plans), plans


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL function")
def test_the_head_read_can_be_seen_scanning_the_trail(make_matter):
    """Control: 0006's function, without the setting, reads the whole table for the head
    under the same prices."""
    plans = _head_plans(make_matter, "0006_append_in_database")
    assert plans and any("Seq Scan on audit_auditentry" in plan for plan in plans), plans
