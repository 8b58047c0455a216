"""The URL of a view that takes no arguments, reversed once per process and URL setting.

Django's `reverse` walks the URL patterns' possibilities and matches a regular expression
each time: 25–50 µs a call, and a signed-in list page asked thirteen of them, all without
arguments (the menu's sections, the reader's menu, the list's forms): a tenth of a page
whose floor is 1.7 ms (issue 17). Such a URL is a function of the name, the URL
configuration in force, the script prefix the site is served under and the language (if
its patterns are translated) — the key it is kept under here. tests/core/test_reversed.py
compares it with `reverse` for every name of the project, under another prefix and both
languages, with a control."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_KEPT: dict[tuple, str] = {}
_MAX = 4096  # names × prefixes × languages: far beyond what a site has; a bound all the same


def reversed_name(name: str) -> str:
    """`reverse(name)` for a view without arguments."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    url = _KEPT.get(key)
    if url is None:
        url = reverse(name)
        if len(_KEPT) >= _MAX:
            _KEPT.clear()
        _KEPT[key] = url
    return url
