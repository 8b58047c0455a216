"""The menu of every page is kept (`web/templatetags/frame.py`, `{% cache %}` in base.html):
whatever page, reader and language it was kept from, the menu a page shows is the menu it would
render afresh. A crawler over the menu's own pages, for readers of every kind, in both
languages; controls show that a key without the language, or without the section, is caught."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client

from oversight.accounts.roles import Role
from oversight.web.templatetags import frame

MENU = re.compile(r'<div class="container-fluid">(.*?)<form class="d-flex me-3" action="/search/"',
                  re.S)
LINK = re.compile(r'href="(/[^"#?]*)"')


@pytest.fixture
def readers(make_user, analyst, admin_user, nghean):
    custodian = make_user("frame_custodian", roles=(Role.OFFICER, Role.CUSTODIAN))
    staff = make_user("frame_staff", roles=(Role.OFFICER,), is_staff=True)
    return [nghean, analyst, admin_user, custodian, staff]


def _menu(client, path: str) -> str | None:
    """The kept part of the page's menu; None for a page without it (the admin site, the
    API's documentation)."""
    response = client.get(path, follow=True)
    assert response.status_code in (200, 403, 404), (path, response.status_code)
    found = MENU.search(response.content.decode())
    return found.group(1) if found else None


def _pages(clients) -> list[str]:
    """Every page the menus link to, a record's page, a page outside every section."""
    links = {link for _name, client in clients for link in LINK.findall(_menu(client, "/"))}
    return sorted(links) + ["/matters/1/", "/no-such-page/"]


def _differences(readers) -> list[str]:
    """(reader, language, page) whose kept menu differs from one rendered afresh."""
    clients = []
    for reader in readers:
        for language in ("vi", "en"):
            client = Client()  # one each: the `web` fixture's client is shared
            client.force_login(reader)
            client.cookies["oversight_language"] = language
            clients.append((f"{reader.username}/{language}", client))
    pages = _pages(clients)
    assert len(pages) > 20, pages  # the crawler reaches the whole menu
    fragments = caches["template_fragments"]  # where {% cache %} keeps the menu
    fresh = {}
    for name, client in clients:
        for path in pages:
            fragments.clear()
            fresh[name, path] = _menu(client, path)
    assert sum(menu is not None for menu in fresh.values()) > 0.8 * len(fresh)
    # menus differ by language and section (the crawl sees more than one of each)
    assert len(set(fresh.values())) >= 2 * 8
    fragments.clear()
    wrong = []
    for turn in (clients, list(reversed(clients))):  # kept by one reader, read by another
        for name, client in turn:
            for path in reversed(pages):
                if _menu(client, path) != fresh[name, path]:
                    wrong.append(f"{name} {path}")
    return wrong


@pytest.mark.django_db
def test_every_kept_menu_is_the_menu_rendered_afresh(web, readers):
    assert _differences(readers) == []


@pytest.mark.django_db
def test_the_menu_marks_the_section_and_offers_what_the_roles_give(web, readers):
    nghean, _analyst, admin_user, _custodian, staff = readers
    menu = _menu(web(nghean), "/petitions/")
    assert "Việc của tôi" in menu
    assert re.search(r'nav-link dropdown-toggle active"[^>]*>Đơn thư', menu)
    assert 'nav-link active" href="/matters/"' not in menu
    assert 'href="/matters/"' in _menu(web(nghean), "/matters/").split("active")[1][:40]
    assert "/audit/" not in menu and "/admin/" not in menu
    assert "/admin/" in _menu(web(staff), "/petitions/")
    assert 'href="/audit/' in _menu(web(admin_user), "/petitions/")


@pytest.mark.django_db
def test_control_a_key_without_the_language_is_caught(web, readers, monkeypatch):
    real = frame.menu_key
    monkeypatch.setattr(frame, "menu_key", lambda active, user: real(active, user).replace(
        repr(frame.get_language()), "''", 1))
    assert _differences(readers[:1])


@pytest.mark.django_db
def test_control_a_key_without_the_section_is_caught(web, readers, monkeypatch):
    real = frame.menu_key
    monkeypatch.setattr(frame, "menu_key", lambda active, user: real({}, user))
    assert _differences(readers[:1])


@pytest.mark.django_db
def test_control_a_key_without_the_roles_is_caught(web, readers, monkeypatch):
    real = frame.menu_key
    monkeypatch.setattr(frame, "menu_key", lambda active, user: real(active, None))
    assert _differences(readers)
