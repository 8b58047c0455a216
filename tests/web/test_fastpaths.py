"""The templates' `truncatechars` and `date` (web/templatetags/fastpaths.py) are Django's,
with shortcuts: the same output on random input, and the shortcut is what templates use."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import truncatechars as django_truncatechars
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.web.templatetags import fastpaths

# Vietnamese letters composed and decomposed (combining marks), spaces, the ellipsis itself
TEXT = st.lists(st.sampled_from(list("aăâeêiouơưyđ AĂÂỆƯ…\t")
                                + ["\u0301", "\u0300", "\u0323", "\u0309", "\u0303",
                                   "e\u0302\u0301", "\u1ebf"]),
                max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=TEXT, length=st.one_of(st.integers(-2, 45), st.sampled_from(["x", "", "3"])))
def test_truncatechars_is_djangos(text, length):
    assert fastpaths.truncatechars(text, length) == django_truncatechars(text, length)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.dates(), st.datetimes(), st.none(), st.just(""), st.text(max_size=3)),
       arg=st.sampled_from(["d/m/Y", "d/m", "Y", None, "j F Y"]))
def test_date_is_djangos(value, arg):
    assert fastpaths.date(value, arg) == django_date(value, arg)


def test_the_templates_use_them(monkeypatch):
    """TEMPLATES' builtins put these in every template; they still cut and format."""
    cut, formatted = [], []
    monkeypatch.setattr(fastpaths, "django_truncatechars",
                        lambda value, arg: cut.append(value) or django_truncatechars(value, arg))
    monkeypatch.setattr(fastpaths, "django_date",
                        lambda value, arg: formatted.append(value) or django_date(value, arg))
    out = Template("{{ a|truncatechars:5 }}|{{ b|truncatechars:5 }}|{{ d|date:'d/m/Y' }}|"
                   "{{ d|date:'Y' }}").render(
        Context({"a": "Hà Nội", "b": "Huế", "d": dt.date(2025, 7, 1)}))
    assert out == "Hà N…|Huế|01/07/2025|2025"
    assert cut == ["Hà Nội"] and formatted == [dt.date(2025, 7, 1)]  # the rest took shortcuts
