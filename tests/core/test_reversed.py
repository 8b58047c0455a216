"""`base.reversed.reversed_name` is `reverse(name)` for every view of the project that takes
no arguments, in both languages and under another script prefix, called again after each
change (its answers are kept per process)."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix
from django.utils import translation

from oversight.base import reversed as kept
from oversight.base.reversed import reversed_name


def _names_without_arguments() -> list[str]:
    """Every URL name of the project (namespaced ones included) that reverses without
    arguments."""
    names = []

    def walk(resolver, namespace):
        for key in resolver.reverse_dict:
            if isinstance(key, str):
                names.append(f"{namespace}{key}")
        for prefix, (_pattern, sub) in resolver.namespace_dict.items():
            walk(sub, f"{namespace}{prefix}:")

    walk(get_resolver(), "")
    found = []
    for name in dict.fromkeys(names):
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        found.append(name)
    return found


@pytest.fixture
def prefix_restored():
    yield
    set_script_prefix("/")
    kept._KEPT.clear()  # nothing a test kept reaches the next one


def test_the_same_as_reverse_everywhere(prefix_restored):
    names = _names_without_arguments()
    assert len(names) > 60 and "petition-list" in names and "api:docs" in names
    for prefix in ("/", "/giam-sat/", "/"):  # and back: a kept answer is not reused wrongly
        set_script_prefix(prefix)
        for language in ("vi", "en", "vi"):
            with translation.override(language):
                for name in names:
                    assert reversed_name(name) == reverse(name), (name, prefix, language)
    set_script_prefix("/giam-sat/")
    assert reversed_name("petition-list") == "/giam-sat/petitions/"


def test_the_comparison_can_fail(prefix_restored, monkeypatch):
    """Control: answers kept without the script prefix in their key hand the site's other
    prefix a wrong URL, and the comparison above catches it."""
    monkeypatch.setattr(kept, "get_script_prefix", lambda: "/")
    kept._KEPT.clear()
    reversed_name("petition-list")
    set_script_prefix("/giam-sat/")
    assert reversed_name("petition-list") != reverse("petition-list")
