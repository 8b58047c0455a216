"""The append-only, hash-chained audit trail.

Each entry carries `hash = SHA-256(prev_hash + canonical JSON of its own content)`, where
`prev_hash` is the previous entry's hash (64 zeros for the first). Editing, deleting or
reordering entries breaks the chain, and `oversight audit verify` names the first broken entry.
The model refuses updates and deletes; database triggers (migration 0002) refuse them too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC as _UTC
from operator import is_

from django.db import connection, models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from oversight.audit.choices import Action

GENESIS = "0" * 64
# Stand for the id and the previous hash in `AuditEntry.hash_pieces`: hexadecimal (JSON writes
# them as they are) and of a length no id or hash has.
_ID_MARK = "1d" * 40
_PREV_MARK = "9f" * 40


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are append-only")

    def for_object(self, obj):
        return self.filter(object_type=object_type(obj), object_id=str(obj.pk))

    def object_types(self) -> list[str]:
        """The distinct object types of the whole trail (this queryset's filters are not
        applied), sorted, by a walk of the (object type,
        object id) index that jumps from one type to the next — a step per type, where
        `DISTINCT` read every entry's (1.4 million: 80 ms on SQLite, growing with the trail;
        issue 17). PostgreSQL's and SQLite's "loose index scan", written as a recursive
        query. The empty type (entries about no record) is left out."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = (f"WITH RECURSIVE types(name) AS ("
               f"SELECT MIN(object_type) FROM {table} WHERE object_type > '' "
               f"UNION ALL SELECT (SELECT MIN(object_type) FROM {table} "
               f"WHERE object_type > types.name) FROM types WHERE types.name IS NOT NULL) "
               f"SELECT name FROM types WHERE name IS NOT NULL")
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]


def object_type(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), db_index=True)
    # Not indexed: the trail is searched by the user's name (the index of its lowercase
    # below; migration 0009), and nothing reads entries by the id.
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=64, choices=Action.choices, db_index=True)
    # No index of its own: the (object type, object id) index below starts with it.
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    # Not indexed: an index of hashes is written at a random place by every entry appended
    # (half of a list page's append on SQLite, and its WAL; issue 17). Nothing looks an entry
    # up by its hash alone: a proof names its entry's id (`chain.contains`), and a kept head
    # is met while `chain.verify` reads the whole chain anyway.
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-id",)
        indexes = [models.Index(fields=["object_type", "object_id"]),
                   models.Index(Lower("username"), name="audit_username_lower")]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id} by {self.username}"

    # --- append-only ------------------------------------------------------------------------
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    # --- the chain --------------------------------------------------------------------------
    def content(self) -> dict:
        """What the hash covers: everything but the hash itself."""
        return {
            "id": self.pk,
            "at": self.at.astimezone(_UTC).isoformat() if self.at else None,
            "user_id": self.user_id,
            "username": self.username,
            "address": self.address,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "unit_id": self.unit_id,
            "changes": self.changes,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, self.content())

    def hash_pieces(self) -> tuple[str, str, str] | None:
        """The canonical JSON of the content cut around its id and its previous hash:
        `(before, middle, after)` such that, for any id `n` and previous hash `p`,
        `sha256(p + before + str(n) + middle + p + after)` is the entry's hash with that id
        and previous hash. What the database needs to chain an entry itself
        (`audit.writer`, PostgreSQL), made here beside the hash it must equal. None if the
        marks happen to occur in the content (the caller then chains it here)."""
        content = self.content()
        content["id"], content["prev_hash"] = _ID_MARK, _PREV_MARK
        text = canonical_json(content)
        quoted_id = f'"{_ID_MARK}"'
        if text.count(quoted_id) != 1 or text.count(_PREV_MARK) != 1:
            return None
        before, rest = text.split(quoted_id)  # keys are sorted: "id" before "prev_hash"
        middle, after = rest.split(_PREV_MARK)
        return before, middle, after


# The content's keys in canonical (sorted) order, cut where the id and the previous hash go:
# `pieces_of` writes each entry's pieces from these (tests/audit: they are `content()`'s keys).
PIECE_KEYS = (("action", "address", "at", "changes", "detail"),  # before the id
              ("object_id", "object_repr", "object_type"),  # between the id and prev_hash
              ("unit_id", "user_id", "username"))  # after the previous hash


def pieces_of(entries) -> list[tuple[str, str, str] | None]:
    """`[entry.hash_pieces() for entry in entries]`, the canonical JSON written value by value.

    A page of protected rows appends one entry per row, and the entries share their time,
    reader, address, action and detail (the same objects: `writer.record_many`); writing
    each entry's whole content again was a quarter of the append (issue 17). Here the pieces
    before the id and after the previous hash are written again only when an entry's values
    there are not the very objects of the entry before, a JSON value (detail, changes) once
    per object, and each value as `canonical_json` writes it: a text by the standard
    library's own escaping (`ensure_ascii=False`), a whole number by its digits, anything
    else by `canonical_json`.
    The result is byte for byte `hash_pieces()` (tests/audit/test_append_in_database.py, on
    random entries); an entry whose values hold a mark takes `hash_pieces()` itself."""
    written: dict[int, tuple[object, str]] = {}

    def json_of(value) -> str:
        kind = type(value)
        if kind is str:
            return _write_text(value)
        if kind is int:
            return int.__repr__(value)
        if value is None:
            return "null"
        found = written.get(id(value))
        if found is None or found[0] is not value:
            found = written[id(value)] = (value, canonical_json(value))
        return found[1]

    first, second, third = PIECE_KEYS
    pieces = []
    last_first = last_third = (None, None)  # the entry before's values, and their piece
    for entry in entries:
        values = entry.__dict__
        try:
            head = tuple([values[key] for key in first])
            tail = tuple([values[key] for key in third])
            object_id, object_repr, object_type = [values[key] for key in second]
        except KeyError:  # a deferred field: the whole content
            pieces.append(entry.hash_pieces())
            continue
        if last_first[0] is None or not _same(head, last_first[0]):
            action, address, at, changes, detail = head
            when = "null" if at is None else _write_text(at.astimezone(_UTC).isoformat())
            before = (f'{{"action":{json_of(action)},"address":{json_of(address)},'
                      f'"at":{when},"changes":{json_of(changes)},"detail":{json_of(detail)},'
                      f'"id":')
            last_first = head, (None if _marked(before) else before)
        if last_third[0] is None or not _same(tail, last_third[0]):
            unit_id, user_id, username = tail
            after = (f'","unit_id":{json_of(unit_id)},"user_id":{json_of(user_id)},'
                     f'"username":{json_of(username)}}}')
            last_third = tail, (None if _marked(after) else after)
        middle = (f',"object_id":{json_of(object_id)},"object_repr":{json_of(object_repr)},'
                  f'"object_type":{json_of(object_type)},"prev_hash":"')
        before, after = last_first[1], last_third[1]
        if before is None or after is None or _marked(middle):
            pieces.append(entry.hash_pieces())  # a mark in the content: ambiguous, None
        else:
            pieces.append((before, middle, after))
    return pieces


def _same(values: tuple, others: tuple) -> bool:
    """The very same objects, one by one (equal values are not enough: `1 == True`)."""
    return len(values) == len(others) and all(map(is_, values, others))


def _marked(text: str) -> bool:
    """Whether a piece holds a mark: then only the whole content cuts it right (or not)."""
    return _ID_MARK in text or _PREV_MARK in text


# `json.dumps(text, ensure_ascii=False)` for a `str`: the encoder's own C function
_write_text = json.encoder.encode_basestring


def pieces_hash(pieces: tuple[str, str, str], pk: int, prev_hash: str) -> str:
    """The hash of an entry whose `hash_pieces()` are `pieces`, with id `pk` after
    `prev_hash`: what `compute_hash` gives, and what PostgreSQL's `audit_append` computes."""
    before, middle, after = pieces
    return hashlib.sha256(
        f"{prev_hash}{before}{pk}{middle}{prev_hash}{after}".encode()).hexdigest()


def canonical_json(data) -> str:
    """Sorted keys, no whitespace, UTF-8 kept as is: the same bytes on every database."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + canonical_json(content)).encode()).hexdigest()

