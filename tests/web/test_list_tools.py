"""The `{% list_tools %}` tag writes what the template it replaced wrote (web/_list_tools.html
until issue 17, kept below as it was): lists that remember their filters and one that does
not, no saved filters and several (names with markup and quotes), with and without export,
with and without a CSRF token, addresses with Vietnamese and repeated parameters, both
languages. Control: a tag that forgets the CSRF token in the saved filters' forms is caught."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.middleware.csrf import get_token
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from oversight.core.views import Saved
from oversight.web.templatetags import lists

THE_TEMPLATE = """{% load i18n %}{% if list_view.list_name %}<div class="list-tools d-flex flex-wrap gap-2 align-items-center mb-2 small">
  {% if saved_filters %}<span class="text-muted">{% translate "Saved filters:" %}</span>
  {% for s in saved_filters %}<span class="saved-filter btn-group btn-group-sm"><a class="btn btn-outline-primary btn-sm py-0" href="{{ request.path }}?{{ s.query }}">{{ s.name }}</a><form method="post" action="{% url 'saved-filter-delete' s.pk %}" class="d-inline">{% csrf_token %}<button class="btn btn-outline-primary btn-sm py-0" type="submit" title="{% translate 'Delete' %}" aria-label="{% blocktranslate with name=s.name %}Delete the saved filter {{ name }}{% endblocktranslate %}"><i class="bi bi-x"></i></button></form></span>{% endfor %}{% endif %}
  <form method="post" action="{% url 'saved-filter-create' %}" class="d-flex gap-1 align-items-center ms-auto" id="save-filter">{% csrf_token %}
    <input type="hidden" name="list_name" value="{{ list_view.list_name }}"><input type="hidden" name="query" value="{{ request.GET.urlencode }}"><input type="hidden" name="next" value="{{ request.get_full_path }}">
    <label class="visually-hidden" for="id_saved_name">{% translate "Name of the saved filter" %}</label>
    <input class="form-control form-control-sm" id="id_saved_name" name="name" maxlength="100" required placeholder="{% translate 'Name these filters' %}" style="width:13rem">
    <button class="btn btn-sm btn-outline-primary text-nowrap" type="submit"><i class="bi bi-bookmark-plus"></i> {% translate "Save filters" %}</button>
  </form>
  {% if can_export %}<div class="btn-group btn-group-sm" role="group" aria-label="{% translate 'Export' %}">
    <a class="btn btn-outline-success text-nowrap" href="{% querystring export='csv' page=None %}" data-export="csv"><i class="bi bi-filetype-csv"></i> CSV</a>
    <a class="btn btn-outline-success text-nowrap" href="{% querystring export='xlsx' page=None %}" data-export="xlsx"><i class="bi bi-file-earmark-excel"></i> XLSX</a>
  </div>{% endif %}
</div>{% endif %}
"""  # noqa: E501 (the template as it was)

SAVED = [Saved(3, "Quá hạn của tôi", "status=overdue&assignee=me"),
         Saved(9, '<b>"Mật" & đất\'s</b>', "q=%C4%91%E1%BA%A5t&unit=nghe_an")]


def _contexts():
    factory = RequestFactory()
    for address in ("/petitions/", "/matters/?stage=investigation&q=đất&q=nhà&page=2"):
        for name in ("petitions", ""):
            for saved in ([], SAVED):
                for export in (True, False):
                    for token in ("real", "NOTPROVIDED", None):
                        request = factory.get(address)
                        values = {"request": request, "saved_filters": saved,
                                  "list_view": SimpleNamespace(list_name=name),
                                  "can_export": export}
                        if token == "real":
                            values["csrf_token"] = get_token(request)
                        elif token:
                            values["csrf_token"] = token
                        yield values


def _render(template, values) -> str:
    context = RequestContext(values["request"], {})
    context.update(values)  # over the context processors (the csrf token among them)
    if "csrf_token" not in values:
        context["csrf_token"] = ""
    return template.render(context)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tag_writes_what_the_template_wrote(language):
    template, tag = Template(THE_TEMPLATE), Template("{% load lists %}{% list_tools %}")
    compared = 0
    with translation.override(language):
        for values in _contexts():
            assert _render(tag, values) == _render(template, values), values
            compared += 1
    assert compared == 2 * 2 * 2 * 2 * 3


def test_control_forms_without_the_token_are_caught(monkeypatch):
    monkeypatch.setattr(lists, "csrf_input", lambda context: "")
    template, tag = Template(THE_TEMPLATE), Template("{% load lists %}{% list_tools %}")
    assert any(_render(tag, values) != _render(template, values) for values in _contexts())
