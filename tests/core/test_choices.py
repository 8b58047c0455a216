"""Every model's `get_FOO_display()` answers as Django's own (base/choices.py), in both
languages, for every choice and for a value outside them; with a control."""

from __future__ import annotations

from django.db.models import Model
from django.utils import translation

from oversight.base import choices
from oversight.petitions.models import Petition


def _cases():
    for field, table in choices._TABLES.items():
        for value in [*table, "not-a-choice"]:
            yield field, value


def _both(field, value):
    instance = field.model.__new__(field.model)
    instance.__dict__[field.attname] = value
    fast = getattr(instance, f"get_{field.name}_display")()
    return fast, Model._get_FIELD_display(instance, field)


def test_every_display_answers_as_djangos_own():
    assert len(choices._TABLES) >= 40  # the fields of fixed choices of every app
    assert Petition.__dict__["get_status_display"].func is choices._display
    checked = 0
    for language in ("vi", "en"):
        with translation.override(language):
            for field, value in _cases():
                fast, django = _both(field, value)
                assert fast == django, (field, value, language)
                checked += 1
    assert checked > 400
    with translation.override("vi"):  # the labels are translated, not frozen at start
        vi = _both(Petition._meta.get_field("status"), "received")[0]
    with translation.override("en"):
        en = _both(Petition._meta.get_field("status"), "received")[0]
    assert vi != en


def test_control_a_wrong_table_is_caught(monkeypatch):
    field = Petition._meta.get_field("status")
    monkeypatch.setitem(choices._TABLES, field, {"received": "something else"})
    assert any(fast != django for fast, django in (_both(field, v) for v in ("received",)))
