"""The application's frame: which part of the menu a page belongs to, and the key the menu's
rendering is kept under.

The menu (`base.html`, inside `{% cache %}`, kept in the process's own "template_fragments"
cache: settings.CACHES) is some thirty reversed URLs and forty translations: a third of a
small page's time, the same on every page of a kind (issue 17).
It is a function of what `nav_state` puts in its key — the language, the URL configuration
and script prefix the links are reversed with, the section highlighted, and the two roles
that add entries — and of nothing else: everything that is the reader's own (their name,
unit, unread notifications, the CSRF token, the current address) stays outside the kept
fragment. tests/web/test_frame.py renders every page of the menu for readers of every kind in
both languages and compares the kept menu with one rendered afresh, with controls."""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()

# Section → how a path belongs to it: the exact page, or any path containing one of the
# fragments (a URL name is reversed; a fragment starting with "/" is used as written).
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "my_work": ("exact", ("my-work",)),
    "dashboard": ("exact", ("dashboard",)),
    "matters": ("within", ("matter-list",)),
    "directions": ("within", ("direction-list",)),
    "petitions": ("within", ("/petitions/", "/intake/", "/receptions/", "/hotspots/")),
    "committee": ("within", ("/meetings/", "/inspections/", "/emulation/",
                             "/committee-documents/", "/documents/", "/projects/")),
    "people": ("within", ("/people/", "/appraisals/")),
    "reports": ("within", ("/reports/",)),
}


def active_sections(path: str) -> dict[str, bool]:
    """{section: whether `path` is in it} (more than one may be: the menu highlights each)."""
    active = {}
    for name, (how, marks) in SECTIONS.items():
        urls = [mark if mark.startswith("/") else reverse(mark) for mark in marks]
        if how == "exact":
            active[name] = path in urls
        else:
            active[name] = any(url in path for url in urls)
    return active


def menu_key(active: dict[str, bool], user) -> str:
    """Everything the kept menu is rendered from (see the module's docstring)."""
    roles = (bool(getattr(user, "is_staff", False)),
             bool(getattr(user, "is_administrator", False)))
    return repr((get_language(), str(get_urlconf()), get_script_prefix(), roles,
                 tuple(sorted(name for name, on in active.items() if on))))


@register.simple_tag(takes_context=True)
def nav_state(context) -> dict:
    """The menu's highlighted sections and the key its rendering is kept under."""
    active = active_sections(context["request"].path)
    return {"active": active, "key": menu_key(active, context.get("user"))}
