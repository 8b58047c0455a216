
"""Writing entries: one at a time, each chained to the one before it."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from oversight.audit.models import GENESIS, AuditEntry, object_type, pieces_hash, pieces_of
from oversight.base.acting import client_address, current
from oversight.base.loading import unsaved
from oversight.units.models import Unit

# Any constant: the key of the PostgreSQL advisory lock that serialises audit writers.
_PG_LOCK_KEY = 7_246_372_001
REDACTED = "[redacted]"


def plain(value):
    """A JSON value that reads back identically from SQLite's JSON and PostgreSQL's jsonb."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, bytes | memoryview):
        return "[binary]"
    return str(value)


def safe_repr(obj) -> str:
    """str(obj), or "Model #pk" when the text needs a related row that is gone (a cascade
    delete sends post_delete after the parent rows are deleted)."""
    if obj is None:
        return ""
    if getattr(type(obj), "audit_anonymous_repr", False):
        return f"{type(obj).__name__} #{obj.pk}"
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{type(obj).__name__} #{obj.pk}"


def unit_of(obj) -> int | None:
    """The id of the unit owning `obj`, following the model's `scope_unit_field`."""
    if isinstance(obj, Unit):
        return obj.pk
    path = getattr(type(obj), "scope_unit_field", None)
    if path is None:
        value = getattr(obj, "unit_id", None)
        return value if isinstance(value, int) else None
    parts = path.split("__")
    target = obj
    try:
        for part in parts[:-1]:
            target = getattr(target, part)
            if target is None:
                return None
        return getattr(target, parts[-1] + "_id")
    except Exception:  # a half-deleted object: the unit is not essential to the entry
        return None


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: the project opens every transaction with BEGIN IMMEDIATE, which already holds
    # the database's single write lock until commit.


def _new_entry(**values) -> AuditEntry:
    """An entry to append, of these values (all but its id and chain, which `_append` sets),
    made without `Model.__init__` (`base.loading.unsaved`: a list page makes one per
    protected row)."""
    return unsaved(AuditEntry, {"id": None, "prev_hash": "", "hash": "", **values})


def record(action: str, obj=None, *, request=None, user=None, username: str = "",
           address: str | None = None, changes: dict | None = None, detail: dict | None = None,
           object_type_: str | None = None, object_id=None, unit_id=None) -> AuditEntry:
    """Append one entry. `obj` names the record; `request`/`user` default to the current actor.

    Called by the signals for model changes, and explicitly for logins, exports, downloads and
    views of protected records (`record("view_sensitive", petition, request=request)`).
    """
    actor = current()
    if request is not None:
        req_user = getattr(request, "user", None)
        if user is None and req_user is not None and req_user.is_authenticated:
            user = req_user
        if address is None:
            address = client_address(request)
    if user is None:
        user = actor.current_user()
    if address is None:
        address = actor.address
    if obj is not None:
        object_type_ = object_type_ or object_type(obj)
        object_id = obj.pk if object_id is None else object_id
        if unit_id is None:
            unit_id = unit_of(obj)
    entry = _new_entry(
        at=timezone.now(),
        user_id=getattr(user, "pk", None),
        username=(getattr(user, "username", "") or username)[:150],
        address=address or "",
        action=str(action),
        object_type=object_type_ or "",
        object_id="" if object_id is None else str(object_id)[:64],
        object_repr=safe_repr(obj)[:200],
        unit_id=unit_id,
        changes=plain(changes or {}),
        detail=plain(detail or {}),
    )
    _append([entry])
    return entry


_FIELDS = AuditEntry._meta.concrete_fields
# One statement per 500 entries (7,000 parameters: within SQLite's limit of 32,766).
_ROWS_PER_INSERT = 500


def _head_sql() -> str:
    quote = connection.ops.quote_name
    return (f"SELECT {quote('id')}, {quote('hash')} FROM "
            f"{quote(AuditEntry._meta.db_table)} ORDER BY {quote('id')} DESC LIMIT 1")


def _table_columns() -> str:
    """`table (column, …)` of the audit entries, as the INSERT and the COPY name them."""
    quote = connection.ops.quote_name
    return (f"{quote(AuditEntry._meta.db_table)} "
            f"({', '.join(quote(field.column) for field in _FIELDS)})")


def _row(entry: AuditEntry, prepare) -> list:
    values = []
    for field, name, as_is in _COLUMNS:  # text and numbers as they are, the rest prepared
        value = getattr(entry, name)
        values.append(value if type(value) in as_is else prepare(field, value))
    return values


def _insert_sql(rows: int) -> str:
    row = f"({', '.join(['%s'] * len(_FIELDS))})"
    return f"INSERT INTO {_table_columns()} VALUES {', '.join([row] * rows)}"


def _copy(cursor, entries: list[AuditEntry], prepare) -> None:
    """The entries by `COPY … FROM STDIN` (PostgreSQL): psycopg binds a statement's parameters
    on the client, and a statement of 50 rows × 14 parameters is too long for its cache of
    parsed statements, so the multi-row INSERT was parsed anew on every write — most of a list
    page's audit write (issue 17). COPY sends the rows as data. Same rows, same triggers
    (the append-only trigger is on UPDATE and DELETE)."""
    with cursor.cursor.copy(f"COPY {_table_columns()} FROM STDIN") as copy:
        for entry in entries:
            copy.write_row(_row(entry, prepare))


# The fields whose value is written as it is when it is of these types: text for a text
# column, a whole number (or nothing) for a number column — what `get_db_prep_save` returns
# for them unchanged. Skipping the call for them was most of the preparing (issue 17).
_AS_IS = {field.attname: ((str,) if isinstance(field, models.CharField)
                          else (int, type(None)) if isinstance(field, models.IntegerField
                                                                | models.AutoField)
                          else ())
          for field in _FIELDS}
# (field, attribute name, the types written as they are) of each column, in order.
_COLUMNS = tuple((field, field.attname, _AS_IS[field.attname]) for field in _FIELDS)


def _preparer():
    """`field.get_db_prep_save(value)`, once per field and value object of one write: the
    entries of a list page share their time, reader, address, action and detail (the same
    objects), and preparing each again was a third of the write's CPU (issue 17). Keyed by
    the object's identity, so a value is only reused for the very same object, alive until
    the write ends. Text and numbers are written as they are (`_AS_IS`)."""
    prepared: dict[tuple[str, int], object] = {}
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy

    def prepare(field, value):
        if type(value) in _AS_IS[field.attname]:
            return value
        key = (field.attname, id(value))
        if key not in prepared:
            prepared[key] = (value, field.get_db_prep_save(value, database))
        return prepared[key][1]

    return prepare


def _append(entries: list[AuditEntry]) -> None:
    """Chain and insert `entries` in order after the chain's head, under the writers' lock.

    PostgreSQL does it in one statement (`_append_in_database`); SQLite here, under its one
    write lock. Either way the lock is held as briefly as can be: every list page of
    protected records appends here (issue 17)."""
    pieces = _pieces(entries) if connection.vendor == "postgresql" else None
    if pieces is not None:
        _append_in_database(entries, pieces)
    else:
        _append_here(entries)
    for entry in entries:  # as if saved: a later save() of one would be an update
        entry._state.adding, entry._state.db = False, connection.alias


def _pieces(entries: list[AuditEntry]) -> list[tuple[str, str, str]] | None:
    """Each entry's canonical JSON cut around its id and previous hash
    (`AuditEntry.hash_pieces`), or None if one cannot be cut (then each is hashed whole)."""
    pieces = pieces_of(entries)
    return None if None in pieces else pieces


# Each column of the entries is sent as one JSON array, unpacked in order by the statement:
# psycopg's client-side binding quotes a text[] parameter element by element with a regular
# expression per quote character, and the entries' canonical JSON is full of them — half of
# a petitions list's audit append in Python (1.06 -> 0.57 ms for 11 entries, 0.2 ms more in
# PostgreSQL; issue 17). One text parameter is quoted by libpq at C speed.
_COLUMN = ("ARRAY(SELECT v{cast} FROM json_array_elements_text(%s::json) WITH ORDINALITY "
           "AS t(v, n) ORDER BY n)")
_CASTS = ("", "", "", "::timestamptz", "::bigint", "", "", "", "", "", "", "::bigint", "", "")
_APPEND_SQL = ("SELECT head_id, head_hash, hashes FROM audit_append("
               + ", ".join(_COLUMN.format(cast=cast) for cast in _CASTS) + ")")


def _append_in_database(entries: list[AuditEntry], pieces: list[tuple[str, str, str]]) -> None:
    """`audit_append` (migration 0006): the lock, the head, the hashes and the insert in one
    statement. The entries' own values are sent with their content's canonical JSON cut around
    the id and the previous hash; the function returns the head it chained after (id and
    hash) and the hashes, set on the entries as the chaining here would have set them."""
    columns = [[p[0] for p in pieces], [p[1] for p in pieces], [p[2] for p in pieces],
               [entry.at.isoformat() for entry in entries],
               [entry.user_id for entry in entries],
               *([getattr(entry, name) for entry in entries]
                 for name in ("username", "address", "action", "object_type", "object_id",
                              "object_repr")),
               [entry.unit_id for entry in entries],
               [json.dumps(entry.changes) for entry in entries],
               [json.dumps(entry.detail) for entry in entries]]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND_SQL, [json.dumps(column) for column in columns])
        head_id, prev, hashes = cursor.fetchone()
    for pk, entry, hash_ in zip(range(head_id + 1, head_id + 1 + len(entries)), entries, hashes,
                                strict=True):
        entry.pk, entry.prev_hash, entry.hash = pk, prev, hash_
        prev = hash_


# Tries of the append without a transaction before it takes the write lock first.
_OPTIMISTIC_TRIES = 3


def _append_here(entries: list[AuditEntry]) -> None:
    """Chain in Python and insert: on SQLite outside a transaction, by one statement that
    fails if the chain moved (`_append_unless_moved`); else under the write lock, the head
    read and the rows inserted in one transaction.

    Each entry's canonical JSON does not depend on the head: it is written once, before the
    head is read (`_pieces`), and each try only hashes the pieces put together. Under 32
    connections a third of the tries found the chain moved, and each wrote all of it again
    (issue 17)."""
    pieces = _pieces(entries)
    if (connection.vendor == "sqlite" and not connection.in_atomic_block
            and len(entries) <= _ROWS_PER_INSERT):
        for _try in range(_OPTIMISTIC_TRIES):
            if _append_unless_moved(entries, pieces):
                return
    with transaction.atomic():
        _lock()
        with connection.cursor() as cursor:
            _chain_after_head(cursor, entries, pieces)
            prepare = _preparer()
            if connection.vendor == "postgresql":
                _copy(cursor, entries, prepare)
            else:
                for start in range(0, len(entries), _ROWS_PER_INSERT):
                    batch = entries[start:start + _ROWS_PER_INSERT]
                    cursor.execute(_insert_sql(len(batch)),
                                   [value for entry in batch for value in _row(entry, prepare)])


def _chain_after_head(cursor, entries: list[AuditEntry], pieces=None) -> None:
    """Give the entries the ids and hashes that follow the chain's head as read now: from
    their `pieces` when they have them (a hash of the pieces put together, as PostgreSQL's
    `audit_append` does), else from their whole content."""
    cursor.execute(_head_sql())
    last = cursor.fetchone()
    pk, prev = (last[0], last[1]) if last else (0, GENESIS)
    for index, entry in enumerate(entries):
        pk += 1
        entry.pk, entry.prev_hash = pk, prev
        if pieces is None:
            entry.hash = entry.compute_hash()
        else:
            entry.hash = pieces_hash(pieces[index], pk, prev)
        prev = entry.hash


def _append_unless_moved(entries: list[AuditEntry], pieces=None) -> bool:
    """Read the head, chain the entries after it (from their `pieces`, if given), and insert
    them with one statement in SQLite's autocommit: the statement takes the write lock, inserts
    and commits within one call into SQLite. The entries carry their ids (the head's + 1,
    + 2 …), so if another writer appended after the head was read, the first id is taken
    and the statement inserts nothing (`IntegrityError`): False, and the caller tries again.

    Why: under the locked way the write lock is held across four calls into SQLite (BEGIN,
    the head, the insert, COMMIT), and after each the thread waits for Python's interpreter
    lock while the process's other threads compute — up to the 5 ms switch interval each
    time, with every other process's writer queued behind the lock (issue 17: a list of
    protected rows under 32 connections). Here the lock is held inside one call only."""
    with connection.cursor() as cursor:
        _chain_after_head(cursor, entries, pieces)
        prepare = _preparer()
        try:
            cursor.execute(_insert_sql(len(entries)),
                           [value for entry in entries for value in _row(entry, prepare)])
        except IntegrityError:
            return False
    return True


def record_many(action: str, objects, *, user=None, detail: dict | None = None,
                request=None) -> list[AuditEntry]:
    """One entry per object, written together (a list page that shows 50 protected records
    writes 50 entries in one insert)."""
    actor = current()
    if request is None:
        request = actor.request
    if user is None:
        user = actor.current_user()
    address = client_address(request) if request is not None else actor.address
    now = timezone.now()
    # One object each for what the entries share: written once (`_preparer`).
    user_id, username = getattr(user, "pk", None), (getattr(user, "username", "") or "")[:150]
    address, action, shared = address or "", str(action), plain(detail or {})
    no_changes = {}  # one object for all: written once (`_preparer`)
    entries = [_new_entry(
        at=now, user_id=user_id, username=username, address=address, action=action,
        object_type=object_type(obj), object_id=str(obj.pk)[:64],
        object_repr=safe_repr(obj)[:200], unit_id=unit_of(obj), changes=no_changes,
        detail=shared) for obj in objects]
    if entries:
        _append(entries)
    return entries


def record_batch(items) -> list[AuditEntry]:
    """Entries for many records at once, in one insert: `items` are (action, obj, changes,
    detail); `obj` may be a model class for an entry about rows without ids."""
    actor = current()
    user = actor.current_user()
    address = client_address(actor.request) if actor.request is not None else actor.address
    now = timezone.now()
    entries = []
    for action, obj, changes, detail in items:
        is_row = obj is not None and not isinstance(obj, type)
        entries.append(_new_entry(
            at=now, user_id=getattr(user, "pk", None),
            username=(getattr(user, "username", "") or "")[:150], address=address or "",
            action=str(action), object_type=object_type(obj) if obj is not None else "",
            object_id=str(obj.pk)[:64] if is_row else "",
            object_repr=safe_repr(obj)[:200] if is_row else "",
            unit_id=unit_of(obj) if is_row else None,
            changes=plain(changes or {}), detail=plain(detail or {})))
    if entries:
        _append(entries)
    return entries
