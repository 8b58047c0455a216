"""A list serializer's rows written by a plan made once per class, not by DRF's field loop.

DRF writes each row of a list by walking the serializer's fields and, for each, calling
`get_attribute` (a try, a walk of `source_attrs`, a callable check) then `to_representation`:
about 30 Python calls per field, a quarter of a list request of 50 rows (issue 17). A list
serializer with `PlannedRowsMixin` writes the same dict — same keys, same order, same values —
from a plan built once per class and set of fields (`?fields=` trims it):

- a plain field (a DRF field of a kind that does not read the request: text, numbers, dates,
  choices, a unit's code, a related record's name) is `to_representation` of its attribute
  (`getattr` along its source), None kept as None — what DRF does; a read that is not plain
  (a missing attribute, a null on the way, a callable) goes through DRF's own path;
- a `SerializerMethodField` calls its method on this serializer (it may read the request);
- any other field (a nested serializer, a custom field) is written by DRF's own path with the
  field bound to this serializer, so a field that reads the request gets this request; a
  serializer names in `request_free_fields` the nested ones that do not (they are then
  shared, not copied for each request).

The rows stay model instances read through `restrict()`, so need-to-know and the audit of
protected reads are untouched; `to_representation` overrides of the serializer (a sealed
petitioner's redaction) still run on the planned dict. tests/core/test_listrows.py compares
every list's answer with DRF's own, byte for byte.
"""

from __future__ import annotations

import functools
import types

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import fields as drf
from rest_framework import relations
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

_SKIP = object()

# DRF fields whose output depends only on the value (not on the request, the view or the
# parent): their `to_representation` may be shared by every request.
_PLAIN_REPRESENTATIONS = frozenset(cls.to_representation for cls in (
    drf.CharField, drf.IntegerField, drf.BigIntegerField, drf.FloatField, drf.BooleanField,
    drf.ChoiceField, drf.DateField, drf.DateTimeField, drf.DecimalField, drf.ReadOnlyField,
    relations.SlugRelatedField, relations.StringRelatedField))
_PLAIN_READS = frozenset({drf.Field.get_attribute, relations.RelatedField.get_attribute})
# What DRF calls when an attribute is one of these (`fields.is_simple_callable`).
_CALLABLES = (types.FunctionType, types.MethodType, types.BuiltinFunctionType,
              types.BuiltinMethodType, functools.partial)
# The same output as the field's own `to_representation`, without the call through it.
_FASTER = {drf.CharField.to_representation: str, drf.IntegerField.to_representation: int}


def _by_drf(field, instance):
    """One field of one row exactly as `Serializer.to_representation` writes it."""
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return _SKIP
    check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    return None if check_for_none is None else field.to_representation(attribute)


def _plain_reader(field):
    write = _FASTER.get(type(field).to_representation, field.to_representation)
    if len(field.source_attrs) == 1:
        attr = field.source_attrs[0]

        def read(instance):
            try:
                value = getattr(instance, attr)
            except (AttributeError, KeyError, ObjectDoesNotExist):
                return _by_drf(field, instance)  # its default, null or skip, as DRF decides
            if value is None:
                return None
            if isinstance(value, _CALLABLES):
                return _by_drf(field, instance)
            return write(value)

        return read

    attrs = tuple(field.source_attrs)

    def read_path(instance):  # `assignee.username`: an unassigned row is DRF's to answer
        value = instance
        try:
            for attr in attrs:
                value = getattr(value, attr)
                if isinstance(value, _CALLABLES):
                    return _by_drf(field, instance)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            return _by_drf(field, instance)
        return None if value is None else write(value)

    return read_path


def _id_reader(field):
    """A related record named by its id (`duplicate_of`): DRF reads the id column
    (`serializable_value`), never the record."""
    attr = field.source_attrs[0]

    def read(instance):
        try:
            value = instance.serializable_value(attr)
        except AttributeError:
            return _by_drf(field, instance)
        if isinstance(value, _CALLABLES):
            return _by_drf(field, instance)
        return value

    return read


def _is_id(field) -> bool:
    return (type(field) is relations.PrimaryKeyRelatedField and field.pk_field is None
            and len(field.source_attrs) == 1 and field.source != "*")


def _is_plain(field) -> bool:
    cls = type(field)
    return (cls.to_representation in _PLAIN_REPRESENTATIONS and cls.get_attribute in _PLAIN_READS
            and field.source_attrs and field.source != "*")


class PlannedRowsMixin:
    """For a list serializer (a ModelSerializer): each row written from the class's plan."""

    request_free_fields: tuple[str, ...] = ()

    def _readable_names(self) -> tuple[str, ...]:
        if "fields" in self.__dict__:  # trimmed by `?fields=`, or already built
            return tuple(name for name, f in self.fields.items() if not f.write_only)
        return type(self)._plan_for(None)[0]

    @classmethod
    def _plan_for(cls, names: tuple[str, ...] | None):
        """(names, [(name, kind, what)]) for these names (None: every readable field), made
        from fields bound to a serializer without context, so no request is kept."""
        plans = cls.__dict__.get("_row_plans")
        if plans is None:
            plans = cls._row_plans = {}
        plan = plans.get(names)
        if plan is None:
            probe = cls()
            readable = [(n, f) for n, f in probe.fields.items() if not f.write_only]
            if names is not None:
                readable = [(n, f) for n, f in readable if n in names]
            steps = []
            for name, field in readable:
                if isinstance(field, drf.SerializerMethodField):
                    steps.append((name, "method", field.method_name))
                elif _is_id(field):
                    steps.append((name, "shared", _id_reader(field)))
                elif _is_plain(field) or name in cls.request_free_fields:
                    reader = (_plain_reader(field) if _is_plain(field)
                              else functools.partial(_by_drf, field))
                    steps.append((name, "shared", reader))
                else:
                    steps.append((name, "bound", None))
            plan = (tuple(n for n, _f in readable), steps)
            if len(plans) < 64:  # `?fields=` chooses among a few sets; a flood is not kept
                plans[names] = plans[plan[0]] = plan
        return plan

    def _row_writers(self):
        writers = self.__dict__.get("_writers")
        if writers is None:
            names = self._readable_names()
            _names, steps = type(self)._plan_for(names)
            writers = []
            for name, kind, what in steps:
                if kind == "method":
                    writers.append((name, getattr(self, what)))
                elif kind == "shared":
                    writers.append((name, what))
                else:
                    writers.append((name, functools.partial(_by_drf, self.fields[name])))
            self.__dict__["_writers"] = writers
        return writers

    def to_representation(self, instance):
        row = {}
        for name, write in self._row_writers():
            value = write(instance)
            if value is not _SKIP:
                row[name] = value
        return row
