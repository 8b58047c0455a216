"""Reads of protected records are audited (`view_sensitive`), by anyone, wherever they are shown.

A record is protected when its security classification (a `security_classification`,
`secrecy` or `classification` attribute) is confidential or secret, when it belongs to such a
record (a direction of a secret matter, an event of a secret petition: the model's
`scope_classified_field`), or when it is a denunciation (the denouncer's identity is a state
secret, Law on Denunciations 2018 arts. 9, 47). A mention of a person (`scope_parents`: it is in
a petition, a matter's defendants, a reception or an appraisal) is protected when its record
is classified or when it copies a protected identity (a denunciation's, a sealed one).

Every record handed out by `restrict(user, VIEW)` is announced (`base.reads`); `on_read`
writes one entry per protected record read, once per request and reader. `record_view` stays
for callers that read a record another way. A disclosure of a sealed identity in clear is a
separate entry (`Action.DISCLOSURE`, `identity.reveal`).
"""

from __future__ import annotations

from oversight.audit.choices import Action
from oversight.audit.models import object_type
from oversight.audit.writer import record_many
from oversight.base.acting import current
from oversight.base.classified import (
    CLASSIFICATION_ATTRIBUTES,
    Level,
    SecurityClassification,
    classified_paths,
)
from oversight.base.keyed import value_of

PROTECTED_LEVELS = frozenset({"confidential", "secret", "top_secret"})
# The protected levels a record's `security_classification` can hold, written into the
# statements as literals (`Level`: the partial indexes of classified records serve them).
_PROTECTED_CLASSIFICATIONS = tuple(Level(level) for level in sorted(
    PROTECTED_LEVELS & set(SecurityClassification.values)))


def is_sensitive(obj) -> bool:
    for attr in CLASSIFICATION_ATTRIBUTES:
        if str(getattr(obj, attr, "") or "").lower() in PROTECTED_LEVELS:
            return True
    return obj._meta.label_lower == "petitions.petition" and obj.kind == "denunciation"


def _parent_path(model) -> str:
    return getattr(model, "scope_classified_field", None) or ""


def _protected_parents(model):
    """For a row that takes its classification from the record it is in, whichever kind that
    is (a mention: `scope_parents`), the condition "one of its records is protected": a
    confidential or secret petition or matter, or a petition whose petitioner's identity is
    protected (a denunciation, or a sealed identity) — the mention copies that identity."""
    from django.db.models import Q

    condition = Q()
    for path, target in classified_paths(model):
        condition |= Q(**{f"{path}__security_classification__in": _PROTECTED_CLASSIFICATIONS})
        if target._meta.label_lower == "petitions.petition":
            condition |= Q(**{f"{path}__kind": "denunciation"})
            condition |= Q(**{f"{path}__identity_envelope__isnull": False})
    return condition


def sensitive_among(model, objects) -> list:
    """The protected ones among `objects` (instances of `model`), with one query for a child
    model (whose parent's classification decides), none for a record classified itself."""
    if getattr(model, "scope_parents", ()):
        condition = _protected_parents(model)
        if not condition:
            return []
        ids = set(model._base_manager.filter(condition, pk__in=[o.pk for o in objects])
                  .values_list("pk", flat=True))
        return [o for o in objects if o.pk in ids]
    path = _parent_path(model)
    if not path:
        return [o for o in objects if is_sensitive(o)]
    levels = _parent_levels(model, path, objects)
    if levels is not None:  # the parent's classification came with the rows: no query
        return [o for o, level in zip(objects, levels, strict=True)
                if level is not None and str(level).lower() != "normal"]
    ids = model._base_manager.filter(pk__in=[o.pk for o in objects]).exclude(
        **{f"{path}__security_classification": Level(SecurityClassification.NORMAL)}).exclude(
        **{f"{path}__isnull": True}).values_list("pk", flat=True)
    ids = set(ids)
    return [o for o in objects if o.pk in ids]


def parent_classification(model, path: str) -> dict:
    """An annotation for a list's query that brings each row's parent classification with
    the row (`<path>_classification`), so that the audit's check of which rows are protected
    asks no query: `queryset.annotate(**parent_classification(Direction, "matter"))`.

    A subquery on the parent's key (`base.keyed`), not a join: the page's COUNT leaves an
    unused annotation out, but not the join an `F("matter__…")` adds (every direction of
    the nation was joined to its matter to be counted, issue 17)."""
    parent = model._meta.get_field(path).related_model
    return {f"{path}_classification": value_of(parent, f"{path}_id", "security_classification")}


def _parent_levels(model, path: str, objects) -> list | None:
    """Each row's parent classification when the rows carry it — the annotation of
    `parent_classification`, or the parent itself read with the row (`select_related`), None
    for a row without a parent — else None (then one query asks)."""
    if "__" in path:
        return None
    name = f"{path}_classification"
    if all(name in o.__dict__ for o in objects):
        return [o.__dict__[name] if getattr(o, f"{path}_id") is not None else None
                for o in objects]
    field = model._meta.get_field(path)
    levels = []
    for o in objects:
        if not field.is_cached(o):
            return None
        parent = field.get_cached_value(o)
        if parent is None:
            levels.append(None)
        elif "security_classification" not in parent.__dict__:  # deferred: ask the database
            return None
        else:
            levels.append(parent.security_classification)
    return levels


def _note(user, objects, request=None, detail: dict | None = None) -> list:
    actor = current()
    if actor.suspended:
        return []
    uid = getattr(user, "pk", None)
    fresh = []
    for obj in objects:
        key = (object_type(obj), str(obj.pk), uid)
        if key not in actor.seen:
            actor.seen.add(key)
            fresh.append(obj)
    if not fresh:
        return []
    request = request or actor.request
    if detail is None:
        detail = {"path": request.path} if request is not None else {}
    return record_many(Action.VIEW_SENSITIVE, fresh, user=user, request=request,
                       detail=detail)


def on_read(sender, user, objects, **kwargs):
    """Receiver of `base.reads.records_read`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    found = sensitive_among(sender, objects)
    if found:
        _note(user, found)


def record_view(request, obj, *, force: bool = False):
    """Call from a page that reads `obj` without `restrict()`: writes an entry when `obj` is
    protected (once per request and reader)."""
    if force or is_sensitive(obj) or sensitive_among(type(obj), [obj]):
        user = getattr(request, "user", None)
        entries = _note(user if getattr(user, "is_authenticated", False) else None, [obj],
                        request=request)
        return entries[0] if entries else None
    return None
