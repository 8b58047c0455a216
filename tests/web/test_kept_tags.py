"""`{% translate %}` and `{% static %}` keep what Django's nodes render (web/templatetags/
kept_i18n.py, kept_static.py): every such tag of every template of the project renders, in
both languages, with and without escaping, the first time and from what was kept, what
Django's own node renders. Control: texts kept without the language in their key give one
language's text to the other, and the comparison catches it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, engines
from django.templatetags import i18n as django_i18n
from django.templatetags import static as django_static
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import SafeData

from oversight.web.templatetags import kept_i18n, kept_static
from oversight.web.templating import Templates

ENGINE = engines["django"].engine


def _template_names() -> list[str]:
    names = set()
    for loader in ENGINE.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            for directory in inner.get_dirs():
                root = Path(directory)
                if "site-packages" in str(root):
                    continue  # Django's and the libraries' own templates
                names.update(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return sorted(names)


def _nodes(kind):
    found = []
    for name in _template_names():
        template = ENGINE.get_template(name)
        found.extend((name, node) for node in template.nodelist.get_nodes_by_type(kind))
    return found


TRANSLATE = _nodes(django_i18n.TranslateNode)
STATIC = _nodes(django_static.StaticNode)


def _mismatches() -> list:
    wrong = []
    for language in ("vi", "en"):
        with translation.override(language):
            for autoescape in (True, False):
                for name, node in TRANSLATE:
                    expected = django_i18n.TranslateNode.render(node, Context(
                        autoescape=autoescape))
                    for _time in (1, 2):  # rendered, then kept
                        got = node.render(Context(autoescape=autoescape))
                        if got != expected or isinstance(got, SafeData) != isinstance(
                                expected, SafeData):
                            wrong.append((name, language, autoescape, expected, got))
    return wrong


def test_every_template_uses_the_kept_tags():
    assert len(TRANSLATE) > 500 and len(STATIC) >= 8
    assert all(isinstance(node, kept_i18n.KeptTranslateNode) for _n, node in TRANSLATE)
    assert all(isinstance(node, kept_static.KeptStaticNode) for _n, node in STATIC)


def test_every_translation_renders_as_djangos():
    kept_i18n._KEPT.clear()
    assert not _mismatches()
    assert kept_i18n._KEPT  # and the constant ones were kept


def test_control_texts_kept_without_their_language_are_caught(monkeypatch):
    kept_i18n._KEPT.clear()
    monkeypatch.setattr(kept_i18n, "get_language", lambda: "vi")
    try:
        assert _mismatches()
    finally:
        kept_i18n._KEPT.clear()


def test_every_file_address_is_djangos():
    kept_static._KEPT.clear()
    for name, node in STATIC:
        path = node.path.resolve(Context())
        expected = django_static.StaticNode.handle_simple(path)
        assert node.url(Context()) == expected == node.url(Context()), name
    assert kept_static._KEPT


@pytest.mark.parametrize("setting", [{"STATIC_URL": "/elsewhere/"},
                                     {"LANGUAGE_CODE": "en"}])
def test_a_changed_setting_is_seen(setting):
    _name, node = STATIC[0]
    before = node.url(Context())
    kept_i18n._KEPT[("vi", "x", True)] = "kept"
    with override_settings(**setting):
        assert (not kept_i18n._KEPT) == ("LANGUAGE_CODE" in setting)
        after = node.url(Context())
        assert (after != before) == ("STATIC_URL" in setting)
        assert after.startswith(setting.get("STATIC_URL", "/"))


def _same_name_warnings(libraries: dict) -> list:
    backend = Templates({"NAME": "probe", "DIRS": [], "APP_DIRS": True,
                         "OPTIONS": {"libraries": libraries}})
    return [w for w in backend.check() if w.id == "templates.W003"]


def test_the_stand_ins_are_not_reported_as_a_clash():
    assert not [w for w in engines["django"].check() if w.id == "templates.W003"]
    assert not _same_name_warnings({"i18n": "oversight.web.templatetags.kept_i18n",
                                    "static": "oversight.web.templatetags.kept_static"})


def test_control_another_library_of_a_taken_name_is_reported():
    # a library that does not declare itself Django's stand-in, under Django's name
    assert _same_name_warnings({"i18n": "oversight.web.templatetags.lists"})
    # a stand-in under a name that is not the one it stands in for
    assert _same_name_warnings({"static": "oversight.web.templatetags.kept_i18n"})
