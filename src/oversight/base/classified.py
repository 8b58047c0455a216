"""Which record decides whether a row is classified, read from the models' declarations alone.

A classified model has a `security_classification` (`core.classification.Classified`); a row
that belongs to one names the path to it (`scope_classified_field`, "" for the record itself);
a row that may belong to one of several kinds of record names them all (`scope_parents`). The
rule built on this — who may see such a row — is `core.scoping`'s; the audit trail, below core,
needs only the paths (which entries to redact, which reads to record) and the condition of the
rows no access list guards. Both read them here, so they cannot drift apart.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SecurityClassification(models.TextChoices):
    NORMAL = "normal", _("Normal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")


class Level(models.Expression):
    """A classification level written into the statement as a literal ('normal'), not sent
    beside it as a parameter.

    Why: the classified records are read from partial indexes whose condition is
    `NOT (security_classification = 'normal')` (`petition_classified`, `matter_classified`).
    PostgreSQL keeps a prepared statement's plan for any parameters only when it can prove
    the index's condition from the statement alone: with the level as a parameter, the plan
    kept for every reader (a generic plan) read every petition to find the classified ones
    — 27–30 ms against 0.2–0.5 ms for a unit's page of petitions or its count on the province
    data set (issue 17) — so each execution was planned anew. The levels are this module's
    own constants, never input, and are checked to be plain words before they are written.
    tests/core/test_classification_literal.py."""

    output_field = models.CharField()

    def __init__(self, level: str):
        super().__init__()
        if level not in SecurityClassification.values or not level.isalpha():
            raise ValueError(f"not a classification level: {level!r}")
        self.level = str(level)

    def as_sql(self, compiler, connection):
        return f"'{self.level}'", []


# The attributes that mark a record protected (confidential or secret) for the audit of reads
# (`audit.sensitive.is_sensitive`), and with a petition's kind (a denunciation: the denouncer is
# protected) the columns a row must carry for the audit to tell without asking the database.
CLASSIFICATION_ATTRIBUTES = ("security_classification", "secrecy", "classification")
MARKING_COLUMNS = (*CLASSIFICATION_ATTRIBUTES, "kind")


def marking_columns(model) -> tuple[str, ...]:
    """Those of `MARKING_COLUMNS` that `model` has: a list that reads only some columns of its
    rows (`core.views.ScopedListView.row_fields`) reads these too, or the audit's check would
    load them row by row."""
    names = {field.name for field in model._meta.concrete_fields}
    return tuple(column for column in MARKING_COLUMNS if column in names)


def target_of(model, path: str) -> type:
    """The model at the end of `path` ("matter", "petition__original"; "" is `model`)."""
    target = model
    for part in filter(None, path.split("__")):
        target = target._meta.get_field(part).related_model
    return target


def classified_target(model) -> tuple[str, type] | None:
    """(path to the classified record, its model) or None when `model` has no classification."""
    path = getattr(model, "scope_classified_field", None)
    if path is None:
        return None
    return path, target_of(model, path)


def classified_paths(model) -> list[tuple[str, type]]:
    """Every (path, model) whose classification decides whether a row of `model` is seen: the
    model's own `scope_classified_field`, and each of its `scope_parents` — the records a
    nested row (a mention, a timeline entry, an attachment) takes its classification from
    when it may belong to one of several kinds of parent. A row is seen only when every
    parent it has is seen; a parent it does not have (a null link) does not hide it."""
    found = classified_target(model)
    paths = [found] if found is not None else []
    for path in getattr(model, "scope_parents", ()):
        target = target_of(model, path)
        if getattr(target, "scope_classified_field", None) == "":
            paths.append((path, target))
        elif getattr(target, "scope_classified_field", None):  # a parent that is nested too
            inner = f"{path}__{target.scope_classified_field}"
            paths.append((inner, target_of(model, inner)))
    return paths


def open_on(path: str) -> Q:
    """The classified record at `path` guards nothing: it is normal, or there is none (a
    direction not attached to any matter)."""
    prefix = f"{path}__" if path else ""
    condition = Q(**{f"{prefix}security_classification": Level(SecurityClassification.NORMAL)})
    if path:
        condition |= Q(**{f"{path}__isnull": True})
    return condition


def open_condition(model) -> Q | None:
    """The rows of `model` that no access list guards: every record that classifies them is
    normal or absent (None: `model` is never classified)."""
    paths = classified_paths(model)
    if not paths:
        return None
    condition = Q()
    for path, _target in paths:
        condition &= open_on(path)
    return condition
