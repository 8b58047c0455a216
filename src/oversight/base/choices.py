"""`get_FOO_display()` from a table made once per field, not rebuilt on every call.

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` each time
it is called: hashing every lazy label translates it, about ten `gettext` calls for one
label. A petitions page of 50 rows asks two labels a row: 2,000 `gettext` calls, a tenth of
the page's CPU (issue 17). `install()` (at start, `core.apps`) gives every model field with
fixed choices a display method that reads a {value: label} table made once; the labels stay
lazy, so each call still answers in the active language. Fields whose choices are computed
(a callable), values that are not hashable, and display methods a model defines itself keep
Django's own. tests/core/test_choices.py compares both on every model, field and choice.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str

_TABLES: dict = {}


def _display(self, field):
    value = getattr(self, field.attname)
    try:
        label = _TABLES[field].get(value, value)
    except TypeError:  # an unhashable value: Django's own
        return Model._get_FIELD_display(self, field)
    return force_str(label, strings_only=True)


def install() -> int:
    """Replace Django's display methods on every model's fields of fixed choices. Returns how
    many fields were given the table."""
    count = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            method = model.__dict__.get(name)
            if not (isinstance(method, partialmethod) and method.func is Model._get_FIELD_display
                    and method.keywords.get("field") is field):
                continue  # none, the model's own, or inherited from a parent's field
            if not isinstance(field.choices, (list, tuple)):
                continue  # computed choices: read each time, as Django does
            _TABLES[field] = dict(field.flatchoices)
            setattr(model, name, partialmethod(_display, field=field))
            count += 1
    return count
