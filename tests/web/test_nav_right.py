"""The `{% nav_right %}` tag writes what base.html wrote there (kept below as it was): readers
with and without a unit, a custodian, a name with markup; no unread notice, some, a hundred
and more; the search page with its words and another page; both languages. Control: a tag that
shows the count beyond 99 is caught."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from oversight.accounts.roles import Role
from oversight.petitions.templatetags import petitions as petition_tags
from oversight.web.templatetags import frame

THE_HTML = """{% load i18n petitions %}{% get_current_language as LANG %}      <form class="d-flex me-3" action="{% url 'search' %}" method="get" role="search"><input class="form-control form-control-sm nav-search" type="search" name="q" value="{% if request.resolver_match.url_name == 'search' %}{{ request.GET.q|default:'' }}{% endif %}" placeholder="{% translate 'Search' %} ( / )" aria-label="{% translate 'Search' %}" aria-keyshortcuts="/"></form>
      {% unread_notifications as unread %}<a class="btn btn-sm btn-outline-light me-3 position-relative" href="{% url 'notification-list' %}" aria-label="{% translate 'Notifications' %}"><i class="bi bi-bell"></i>{% if unread %} <span class="badge text-bg-danger">{% if unread >= 100 %}99+{% else %}{{ unread }}{% endif %}</span>{% endif %}</a>
      <form class="d-flex me-3" action="{% url 'set_language' %}" method="post">{% csrf_token %}
        <input name="next" type="hidden" value="{{ request.get_full_path }}">
        <div class="btn-group btn-group-sm" role="group" aria-label="{% translate 'Language' %}">
          <button class="btn {% if LANG == 'vi' %}btn-light{% else %}btn-outline-light{% endif %}" name="language" value="vi" type="submit" lang="vi" title="Tiếng Việt">VI</button>
          <button class="btn {% if LANG == 'en' %}btn-light{% else %}btn-outline-light{% endif %}" name="language" value="en" type="submit" lang="en" title="English">EN</button>
        </div>
      </form>
      <div class="dropdown">
        <button class="btn btn-sm btn-outline-light dropdown-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false" title="{{ user }}"><i class="bi bi-person-circle"></i> <span class="nav-user">{{ user }}</span></button>
        <ul class="dropdown-menu dropdown-menu-end">
          <li><span class="dropdown-item-text small"><strong>{{ user }}</strong>{% if user.unit %}<br><span class="text-body-secondary">{{ user.unit.place }}</span>{% endif %}</span></li><li><hr class="dropdown-divider"></li>
          {% if user.is_custodian %}<li><a class="dropdown-item" href="{% url 'identity-pending' %}"><i class="bi bi-key"></i> {% translate "Identity custodian" %}</a></li>{% endif %}
          <li><a class="dropdown-item" href="{% url 'identity-password' %}"><i class="bi bi-lock"></i> {% translate "Change password" %}</a></li>
          <li><form action="{% url 'logout' %}" method="post">{% csrf_token %}<button class="dropdown-item" type="submit"><i class="bi bi-box-arrow-right"></i> {% translate "Sign out" %}</button></form></li>
        </ul>
      </div>
"""  # noqa: E501 (as it was in base.html)


@pytest.fixture
def readers(make_user, nghean):
    nobody = make_user("khong_don_vi", None, display_name="Không Đơn Vị")
    keeper = make_user("nguoi_giu_khoa", "ha_noi", roles=[Role.CUSTODIAN, Role.OFFICER],
                       display_name='<b>"Giữ" & khóa</b>')
    return [nghean, nobody, keeper]


def _contexts(readers):
    factory = RequestFactory()
    for address in ("/search/?q=đất <b>đai</b>", "/petitions/?q=đất&page=2"):
        for user in readers:
            request = factory.get(address)
            request.resolver_match = resolve(address.split("?")[0])
            request.user = user
            for unread in (0, 5, 100, 150):
                yield request, {"user": user, "csrf_token": get_token(request)}, unread


def _render(template, request, values, unread, monkeypatch) -> str:
    monkeypatch.setattr(petition_tags, "unread_count", lambda user: unread)
    monkeypatch.setattr(frame, "unread_count", lambda user: unread)
    context = RequestContext(request, {})
    context.update(values)
    return template.render(context)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tag_writes_what_base_html_wrote(language, readers, monkeypatch):
    old, tag = Template(THE_HTML), Template("{% load frame %}      {% nav_right %}\n")
    compared = 0
    with translation.override(language):
        for request, values, unread in _contexts(readers):
            assert (_render(tag, request, values, unread, monkeypatch)
                    == _render(old, request, values, unread, monkeypatch)), (values, unread)
            compared += 1
    assert compared == 2 * 3 * 4


@pytest.mark.django_db
def test_control_a_count_beyond_99_is_caught(readers, monkeypatch):
    real = frame.format_html
    monkeypatch.setattr(frame, "format_html", lambda text, *args: real(
        text, *[arg if arg != "99+" else "150" for arg in args]))
    old, tag = Template(THE_HTML), Template("{% load frame %}      {% nav_right %}\n")
    assert any(_render(tag, request, values, unread, monkeypatch)
               != _render(old, request, values, unread, monkeypatch)
               for request, values, unread in _contexts(readers))
