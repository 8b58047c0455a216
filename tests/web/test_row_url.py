"""`{% row_url %}`: a list row's link, reversed once per page, as `{% url %}` (issue 17)."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

NAMES = ("matter-detail", "direction-detail", "petition-detail")
ROWS = "{% load lists %}{% for pk in pks %}{% row_url name pk %}|{% endfor %}"
BY_URL = "{% for pk in pks %}{% url name pk %}|{% endfor %}"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("prefix", ["/", "/oversight/"])
def test_the_same_as_url_for_every_row(name, prefix):
    pks = [1, 7, 10, 918273645, 2**62, 0]
    set_script_prefix(prefix)
    try:
        rows = Template(ROWS).render(Context({"name": name, "pks": pks}))
        by_url = Template(BY_URL).render(Context({"name": name, "pks": pks}))
    finally:
        clear_script_prefix()
    assert rows == by_url
    assert f"{prefix}" in rows.split("|")[0]


def test_not_a_whole_number_is_reversed_as_url_would():
    with pytest.raises(Exception) as by_url:
        Template(BY_URL).render(Context({"name": "matter-detail", "pks": ["x"]}))
    with pytest.raises(Exception) as rows:
        Template(ROWS).render(Context({"name": "matter-detail", "pks": ["x"]}))
    assert type(rows.value) is type(by_url.value)
    assert Template(ROWS).render(Context({"name": "matter-detail", "pks": ["12"]})) == (
        reverse("matter-detail", args=[12]) + "|")


def test_each_page_reverses_again():
    """The shortcut lives in one render: a second page under another prefix is not served the
    first page's (control: a module-level cache would fail here)."""
    template = Template(ROWS)
    first = template.render(Context({"name": "petition-detail", "pks": [5]}))
    set_script_prefix("/elsewhere/")
    try:
        second = template.render(Context({"name": "petition-detail", "pks": [5]}))
    finally:
        clear_script_prefix()
    assert first != second and second.startswith("/elsewhere/")
