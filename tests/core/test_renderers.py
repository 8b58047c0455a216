"""The API's JSON written by orjson is the JSON DRF's renderer writes (core/renderers.py).

Property: for any data an API view may answer with — text (U+2028 included), numbers of any
size, dates and times, decimals, ids, lazy translations, choices, ordered and other
subclassed containers, keys that are not text — the bytes are DRF's, except a float with an
exponent, whose text differs and whose value does not. Controls: without the escape of
U+2028, or with orjson's own dates, the comparison fails. And the API answers with it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections import OrderedDict

import orjson
import pytest
from django.db import models
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer as DRFRenderer
from rest_framework.settings import api_settings

from oversight.core import renderers


class Colour(models.TextChoices):
    RED = "red", "Đỏ"


class Level(models.IntegerChoices):
    ONE = 1, "Một"


class Reversed(list):
    """A list subclass that iterates backwards: the standard library writes its iteration."""

    def __iter__(self):
        return iter(list(reversed(list.copy(self))))


def _ordered(pairs):
    mapping = OrderedDict(pairs)
    if mapping:
        mapping.move_to_end(next(iter(mapping)))  # `items()` order differs from storage's
    return mapping


texts = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from("\u2028\u2029"),
                max_size=8)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), texts,
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(dt.UTC)), st.times(),
    st.timedeltas(), st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.uuids(), st.just(gettext_lazy("Petitions")), st.sampled_from([Colour.RED, Level.ONE]),
)
data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
    st.lists(inner, max_size=4).map(Reversed),
    st.dictionaries(texts, inner, max_size=4),
    st.lists(st.tuples(texts, inner), max_size=4).map(_ordered),
    st.dictionaries(st.integers(), inner, max_size=2),  # keys DRF writes as text
), max_leaves=20)


def _exponent_float(value) -> bool:
    """Whether a float written with an exponent is among `value` (as read back)."""
    if isinstance(value, float):
        return "e" in repr(value)
    if isinstance(value, dict):
        return any(_exponent_float(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_exponent_float(v) for v in value)
    return False


def _both(value, fast=renderers.JSONRenderer):
    return fast().render(value), DRFRenderer().render(value)


@given(data)
def test_the_bytes_are_drfs(value):
    ours, drfs = _both(value)
    if ours != drfs:  # only a float with an exponent may be written otherwise: `1e16`, `1e+16`
        assert _exponent_float(json.loads(drfs))
        assert json.loads(ours) == json.loads(drfs)


def test_the_settings_are_drfs_defaults():
    """The fast path is taken under these only (else DRF's own renderer writes)."""
    assert api_settings.UNICODE_JSON and api_settings.COMPACT_JSON and api_settings.STRICT_JSON


def test_an_escape_left_out_is_found():
    """Control: orjson alone leaves U+2028 as it is, which DRF escapes."""

    class Unescaped(renderers.JSONRenderer):
        def render(self, data, accepted_media_type=None, renderer_context=None):
            return orjson.dumps(data, default=renderers._default, option=renderers._OPTIONS)

    ours, drfs = _both({"text": "a\u2028b"}, Unescaped)
    assert ours != drfs


def test_orjsons_own_dates_are_found():
    """Control: orjson's own writing of a UTC time (`+00:00`) is not DRF's (`Z`)."""

    class OwnDates(renderers.JSONRenderer):
        def render(self, data, accepted_media_type=None, renderer_context=None):
            return orjson.dumps(data, default=renderers._default)

    moment = dt.datetime(2025, 7, 1, 8, 30, tzinfo=dt.UTC)
    ours, drfs = _both({"at": moment}, OwnDates)
    assert ours != drfs


@pytest.mark.parametrize("value", [2**70, {1: "one"}, {"ratio": math.nan}, object()])
def test_what_orjson_refuses_is_drfs_to_write_or_refuse(value):
    """An integer beyond 64 bits, a key that is not text: DRF's bytes. A NaN (strict JSON)
    and an object no encoder knows: DRF's error, or orjson's `null` for the NaN."""
    try:
        drfs = DRFRenderer().render(value)
    except (TypeError, ValueError) as error:
        if isinstance(value, dict):  # the NaN: written as null here, refused by DRF
            assert renderers.JSONRenderer().render(value) == b'{"ratio":null}'
            return
        with pytest.raises(type(error)):
            renderers.JSONRenderer().render(value)
        return
    assert renderers.JSONRenderer().render(value) == drfs


def test_indentation_asked_for_is_drfs():
    value = {"id": 1, "subject": "Tố cáo"}
    ours = renderers.JSONRenderer().render(value, "application/json; indent=2")
    assert ours == DRFRenderer().render(value, "application/json; indent=2")
    assert b"\n  " in ours


@pytest.mark.django_db
def test_the_api_answers_with_it(client, django_user_model):
    from oversight.accounts.roles import Role
    from oversight.units.models import Unit

    unit = Unit.objects.create(code=f"u{uuid.uuid4().hex[:6]}", name_vi="Đơn vị", kind="province")
    user = django_user_model.objects.create_user(username="reader", password="x", unit=unit)
    user.set_roles([Role.OFFICER])
    client.force_login(user)
    response = client.get("/api/me/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, renderers.JSONRenderer)
    assert response.content == DRFRenderer().render(response.data)
