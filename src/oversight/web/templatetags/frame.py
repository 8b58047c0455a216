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
both languages and compares the kept menu with one rendered afresh, with controls.

What is the reader's own — the search box, the bell, the language buttons, the reader's menu —
is written by one tag, `nav_right`, each time."""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from oversight.base.reversed import reversed_name
from oversight.petitions.views import unread_count

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
        urls = [mark if mark.startswith("/") else reversed_name(mark) for mark in marks]
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


def csrf_input(context) -> str:
    """What `{% csrf_token %}` writes."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":
        return mark_safe("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


_ON, _OFF = "btn-light", "btn-outline-light"


@register.simple_tag(takes_context=True)
def nav_right(context) -> str:
    """The right of the menu bar for a signed-in reader: the search box, the bell with the
    unread notices, the language buttons and the reader's menu (name, unit, password, sign
    out). One tag where the same HTML in base.html was a sixth of a list page's frame (issue
    17); tests/web/test_nav_right.py compares it with that HTML, kept in the test as it was."""
    request, user = context["request"], context["user"]
    match = getattr(request, "resolver_match", None)
    searched = (request.GET.get("q") or "") if getattr(match, "url_name", None) == "search" \
        else ""
    unread = unread_count(user)
    badge = format_html(' <span class="badge text-bg-danger">{}</span>',
                        "99+" if unread >= 100 else unread) if unread else ""
    language = context.get("LANG") or get_language()
    csrf = csrf_input(context)
    unit = user.unit
    place = format_html('<br><span class="text-body-secondary">{}</span>', unit.place) \
        if unit else ""
    custodian = format_html(
        '<li><a class="dropdown-item" href="{}"><i class="bi bi-key"></i> {}</a></li>',
        reversed_name("identity-pending"), _("Identity custodian")) if user.is_custodian else ""
    return format_html(
        '<form class="d-flex me-3" action="{}" method="get" role="search"><input '
        'class="form-control form-control-sm nav-search" type="search" name="q" value="{}" '
        'placeholder="{} ( / )" aria-label="{}" aria-keyshortcuts="/"></form>\n'
        '      <a class="btn btn-sm btn-outline-light me-3 position-relative" href="{}" '
        'aria-label="{}"><i class="bi bi-bell"></i>{}</a>\n'
        '      <form class="d-flex me-3" action="{}" method="post">{}\n'
        '        <input name="next" type="hidden" value="{}">\n'
        '        <div class="btn-group btn-group-sm" role="group" aria-label="{}">\n'
        '          <button class="btn {}" name="language" value="vi" type="submit" lang="vi" '
        'title="Tiếng Việt">VI</button>\n'
        '          <button class="btn {}" name="language" value="en" type="submit" lang="en" '
        'title="English">EN</button>\n'
        '        </div>\n      </form>\n      <div class="dropdown">\n'
        '        <button class="btn btn-sm btn-outline-light dropdown-toggle" type="button" '
        'data-bs-toggle="dropdown" aria-expanded="false" title="{}"><i '
        'class="bi bi-person-circle"></i> <span class="nav-user">{}</span></button>\n'
        '        <ul class="dropdown-menu dropdown-menu-end">\n'
        '          <li><span class="dropdown-item-text small"><strong>{}</strong>{}</span></li>'
        '<li><hr class="dropdown-divider"></li>\n          {}\n'
        '          <li><a class="dropdown-item" href="{}"><i class="bi bi-lock"></i> {}</a></li>\n'
        '          <li><form action="{}" method="post">{}<button class="dropdown-item" '
        'type="submit"><i class="bi bi-box-arrow-right"></i> {}</button></form></li>\n'
        '        </ul>\n      </div>',
        reversed_name("search"), searched, _("Search"), _("Search"),
        reversed_name("notification-list"), _("Notifications"), badge,
        reversed_name("set_language"), csrf, request.get_full_path(), _("Language"),
        _ON if language == "vi" else _OFF, _ON if language == "en" else _OFF,
        user, user, user, place, custodian,
        reversed_name("identity-password"), _("Change password"),
        reversed_name("logout"), csrf, _("Sign out"))

