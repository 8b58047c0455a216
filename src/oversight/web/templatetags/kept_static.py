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

from django.templatetags import static as django_static

from oversight.web.templating import KeptTexts, library_like

register = library_like(django_static.register)
REPLACES = "django.templatetags.static"  # web.templating: a stand-in, not a clash

# a file's path -> its address
_KEPT = KeptTexts({"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_STORAGE",
                   "INSTALLED_APPS", "FORCE_SCRIPT_NAME"}, most=10_000)


class KeptStaticNode(django_static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        make = super().handle_simple
        if not isinstance(path, str):  # not a path: Django's answer, not kept
            return make(path)
        return _KEPT.get_or_make(path, lambda: make(path))


@register.tag("static")
def do_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)
