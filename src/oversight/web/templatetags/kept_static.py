"""Django's `static` template library, with each file's address kept.

Named "static" in TEMPLATES' `libraries` (settings.py), so `{% load static %}` loads this:
`{% static "…" %}` makes Django's node, whose address of a file is kept for the process once
Django's storage has given it. Django asks whether the staticfiles app is installed (a walk of
the installed apps), then the storage for the address, for each tag: 13 µs, and every page
names eight files (issue 17). An address is a function of the path and the static settings,
fixed while the process runs; the kept ones are forgotten when one of those settings changes
(tests: `override_settings`). tests/web/test_kept_tags.py renders every static tag of every
template against Django's own node."""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.templatetags import static as django_static

register = template.Library()
REPLACES = "django.templatetags.static"  # web.templating: a stand-in, not a clash
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)

_KEPT: dict[str, str] = {}
_MOST = 10_000
_SETTINGS = {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_STORAGE",
             "INSTALLED_APPS", "FORCE_SCRIPT_NAME"}


class KeptStaticNode(django_static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        try:
            return _KEPT[path]
        except (KeyError, TypeError):  # TypeError: a path that is not text, Django's answer
            url = super().handle_simple(path)
            if isinstance(path, str):
                if len(_KEPT) >= _MOST:
                    _KEPT.clear()
                _KEPT[path] = url
            return url


@register.tag("static")
def do_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)


def forget(setting, **kwargs):
    if setting in _SETTINGS:
        _KEPT.clear()


setting_changed.connect(forget, dispatch_uid="kept-static-forget")
