"""Django's `truncatechars` and `date`, with a shortcut for the common case and Django's own
code for the rest.

Listed in TEMPLATES' `builtins` (settings.py), so every template's filters of these names are
these. A list page calls each 50–150 times (a title cut to 80 characters, three dates a row),
and Django's general code was a tenth of the page (issue 17):

- `truncatechars` walks the text a character at a time, asking `unicodedata.combining` of
  each, even when the text is under the limit — most titles and subjects. A text of at most
  `length` code points after NFC normalisation has at most `length` visible characters, so it
  is returned as Django returns it (normalised, whole).
- `date` parses its format string on every call; our pages write dates as `d/m/Y`, which for
  a date is its day, month and four-digit year.

tests/web/test_fastpaths.py checks both against Django's filters on random input."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django import template
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import stringfilter
from django.template.defaultfilters import truncatechars as django_truncatechars

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value: str, arg):
    try:
        length = int(arg)
    except ValueError:  # as Django: an invalid length leaves the text alone
        return value
    if length > 0:
        text = unicodedata.normalize("NFC", value)
        if len(text) <= length:
            return text
    return django_truncatechars(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg == "d/m/Y" and type(value) is dt.date:
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return django_date(value, arg)
