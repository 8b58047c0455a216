"""The `{% pagination %}` tag writes what the template it replaced wrote (web/_pagination.html
until issue 17, kept below as it was): every page of lists of 0, 1, 5, 25 and 101 rows, five
to a page, with other parameters in the address, in both languages. Control: a tag that
drops the other parameters from its links is caught."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from oversight.web.templatetags import lists

THE_TEMPLATE = """{% load i18n %}{% if page_obj %}
<div class="d-flex justify-content-between align-items-center mt-2 small">
  <div class="text-muted">{% blocktranslate with start=page_obj.start_index end=page_obj.end_index total=paginator.count %}{{ start }}–{{ end }} of {{ total }}{% endblocktranslate %}</div>
  {% if page_obj.has_other_pages %}
  <nav aria-label="{% translate 'Pages' %}"><ul class="pagination pagination-sm mb-0">
    {% if page_obj.has_previous %}<li class="page-item"><a class="page-link" href="{% querystring page=1 %}">«</a></li><li class="page-item"><a class="page-link" href="{% querystring page=page_obj.previous_page_number %}">‹</a></li>{% endif %}
    <li class="page-item active"><span class="page-link">{{ page_obj.number }} / {{ paginator.num_pages }}</span></li>
    {% if page_obj.has_next %}<li class="page-item"><a class="page-link" href="{% querystring page=page_obj.next_page_number %}">›</a></li><li class="page-item"><a class="page-link" href="{% querystring page=paginator.num_pages %}">»</a></li>{% endif %}
  </ul></nav>{% endif %}
</div>
{% endif %}
"""  # noqa: E501 (the template as it was, line for line)


def _contexts():
    factory = RequestFactory()
    for rows in (0, 1, 5, 25, 101):
        paginator = Paginator(list(range(rows)), 5)
        for number in paginator.page_range:
            for address in (f"/petitions/?page={number}", f"/matters/?stage=investigation&q=đất"
                            f"&sort=-id&page={number}&page_size=5"):
                request = factory.get(address)
                page = paginator.page(number)
                yield {"request": request, "page_obj": page, "paginator": paginator}
    yield {"request": factory.get("/units/"), "page_obj": None, "paginator": None}


def _render(template, values) -> str:
    return template.render(RequestContext(values["request"], values))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tag_writes_what_the_template_wrote(language):
    template = Template(THE_TEMPLATE)
    tag = Template("{% load lists %}{% pagination %}")
    compared = 0
    with translation.override(language):
        for values in _contexts():
            assert _render(tag, values) == _render(template, values), values
            compared += 1
    assert compared > 40


def test_control_links_without_the_other_parameters_are_caught(monkeypatch):
    monkeypatch.setattr(lists, "querystring", lambda context, **kw: f"?page={kw['page']}")
    template, tag = Template(THE_TEMPLATE), Template("{% load lists %}{% pagination %}")
    differ = [values for values in _contexts()
              if _render(tag, values) != _render(template, values)]
    assert differ
