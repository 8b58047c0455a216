"""Rows read from the database made into model instances without `Model.__init__`.

Django makes each instance it reads by calling the model's `__init__` with the row's values
(`Model.from_db`): for a list that read some columns only (`.only()`, as the lists do) it first
spreads them over every concrete field with a placeholder for the rest, then `__init__` walks
all the fields again, sends `pre_init` and `post_init`, and sets each value through the
field's descriptor. A petitions list of 50 rows makes about 100 instances (the rows, their
units, assignees) this way: a tenth of the list's CPU (issue 17).

`from_db` is the documented place to change how an instance is loaded. `install()` gives every
model for which the result is the same a `from_db` that writes the values read straight into
the new instance's `__dict__` under their column names — the state `__init__` leaves: each
value read set, each column not read absent (Django's deferred-field descriptor loads it on
first use), `_state` with `adding = False` and the database alias.

A model keeps Django's own `from_db` when the shortcut could differ from it:
- it (or a base) defines its own `__init__` or `from_db`;
- a field's attribute is a descriptor whose `__set__` does more than store the value
  (`_PLAIN_DESCRIPTORS` names the ones whose `__set__` on a new instance is `__dict__[name] =
  value`);
and on each call, the plain path is taken only when no `pre_init` or `post_init` receiver
listens for the model (`ImageField` with dimension fields, for one, connects one).
tests/base/test_loading.py compares both ways of loading for every model, on random columns.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Their `__set__`, on an instance that has no related record cached yet, stores the value in
# `__dict__` under the column's name and does nothing else (Django 5.2: DeferredAttribute has
# no `__set__`; ForeignKeyDeferredAttribute clears a cached related record first;
# FileDescriptor stores the value as given).
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)
_django_from_db = Model.from_db.__func__


def loads_plainly(model) -> bool:
    """Whether the model's instances may be made from their values directly (see above)."""
    if model._meta.abstract or model.__init__ is not Model.__init__:
        return False
    if getattr(model.from_db, "__func__", None) not in (_django_from_db, from_db_directly):
        return False
    for field in model._meta.concrete_fields:
        descriptor = model.__dict__.get(field.attname)
        if descriptor is None:
            descriptor = next((klass.__dict__[field.attname] for klass in model.__mro__
                               if field.attname in klass.__dict__), None)
        if type(descriptor) not in _PLAIN_DESCRIPTORS:
            return False
    return True


def from_db_directly(cls, db, field_names, values):
    """`Model.from_db` without `__init__`: the values read under their column names."""
    if (pre_init.receivers or post_init.receivers) and (
            pre_init.has_listeners(cls) or post_init.has_listeners(cls)):
        return _django_from_db(cls, db, field_names, values)
    new = cls.__new__(cls)
    state = ModelState()
    state.adding = False
    state.db = db
    attributes = new.__dict__
    attributes["_state"] = state
    attributes.update(zip(field_names, values, strict=True))
    return new


def install() -> None:
    """Give each model that loads plainly the direct `from_db` (called once all models are
    loaded: `CoreConfig.ready`)."""
    for model in apps.get_models(include_auto_created=True):
        if loads_plainly(model):
            model.from_db = classmethod(from_db_directly)


def unsaved(model, values: dict):
    """`model(**values)` — a new instance about to be written, every concrete field given by
    its attribute name — made as `from_db_directly` makes a loaded one, without `__init__`'s
    walk of the fields, when the result is the same: the model loads plainly and no `pre_init`
    or `post_init` receiver listens. For writers of many rows at once (the audit trail writes
    one entry per protected row of a list page; `__init__` was a sixth of that write, issue
    17)."""
    names = _plain_names(model)
    if (names is None or len(values) != len(names)
            or (pre_init.receivers or post_init.receivers) and (
                pre_init.has_listeners(model) or post_init.has_listeners(model))):
        return model(**values)
    new = model.__new__(model)
    attributes = new.__dict__
    attributes["_state"] = ModelState()
    try:
        for name in names:  # in the fields' order, as `__init__` sets them
            attributes[name] = values[name]
    except KeyError:
        return model(**values)
    return new


_NAMES: dict = {}


def _plain_names(model) -> tuple[str, ...] | None:
    """The attribute names of `model`'s concrete fields if it loads plainly, else None
    (asked once per model)."""
    if model not in _NAMES:
        _NAMES[model] = (tuple(f.attname for f in model._meta.concrete_fields)
                         if loads_plainly(model) else None)
    return _NAMES[model]
