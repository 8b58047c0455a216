"""Django's `i18n` template library, with `{% translate "…" %}` of a constant message kept.

Named "i18n" in TEMPLATES' `libraries` (settings.py), so `{% load i18n %}` loads this: every
tag and filter is Django's, and `translate` (`trans`) makes Django's node with one shortcut.
A constant message without filters, context or `noop` renders to the same text for the same
language and escaping, so that text is kept for the process the first time Django's node
renders it. A list page renders twenty-odd such messages, each through a lazy translation, the
active language read from asgiref's `Local`, the catalogue and the escaping: about 7 µs each,
a fiftieth of the page (issue 17). The kept texts are forgotten when a setting the catalogues
depend on changes (tests: `override_settings`). tests/web/test_kept_tags.py renders every
translate tag of every template in both languages against Django's own node."""

from __future__ import annotations

from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

from oversight.web.templating import KeptTexts, library_like

register = library_like(django_i18n.register)
REPLACES = "django.templatetags.i18n"  # web.templating: a stand-in, not a clash

# (language, message, autoescape) -> the text Django's node rendered
_KEPT = KeptTexts({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS",
                   "USE_I18N"}, most=20_000)


class KeptTranslateNode(django_i18n.TranslateNode):
    def render(self, context):
        var = self.filter_expression.var
        literal = getattr(var, "literal", None)
        if (self.noop or self.asvar or self.message_context is not None
                or self.filter_expression.filters or not isinstance(literal, str)):
            return super().render(context)
        return _KEPT.get_or_make((get_language(), literal, context.autoescape),
                                 lambda: super(KeptTranslateNode, self).render(context))


def _translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    node.__class__ = KeptTranslateNode  # Django's node, parsed by Django, with the shortcut
    return node


register.tag("translate", _translate)
register.tag("trans", _translate)
