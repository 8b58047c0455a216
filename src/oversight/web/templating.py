"""The project's Django template backend — Django's, with one check made precise — and what
the template libraries standing in for Django's own (`templatetags/kept_i18n.py`,
`kept_static.py`) share: a copy of Django's library, and a store of rendered texts.

Django warns (templates.W003) when two template tag modules share a library name. Two of ours
share one on purpose: `kept_i18n` and `kept_static` stand in for Django's `i18n` and `static`
(TEMPLATES' `libraries` in settings.py) and say so (`REPLACES`, the module they extend). They
are left out of that check; any other library of a taken name is still warned about.
tests/web/test_kept_tags.py runs the check."""

from __future__ import annotations

from importlib import import_module

from django import template
from django.core.signals import setting_changed
from django.template.backends.django import DjangoTemplates


def stands_in(name: str, path: str) -> bool:
    """Whether the library module at `path` declares itself the stand-in for Django's `name`."""
    return getattr(import_module(path), "REPLACES", None) == f"django.templatetags.{name}"


class Templates(DjangoTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        libraries = self.engine.libraries
        self.engine.libraries = {name: path for name, path in libraries.items()
                                 if not stands_in(name, path)}
        try:
            return super()._check_for_template_tags_with_the_same_name()
        finally:
            self.engine.libraries = libraries


def library_like(django_library: template.Library) -> template.Library:
    """A new library with every tag and filter of `django_library`, for a stand-in to replace
    some of them."""
    library = template.Library()
    library.tags.update(django_library.tags)
    library.filters.update(django_library.filters)
    return library


class KeptTexts(dict):
    """What a stand-in's nodes rendered, under what it is a function of, for the process:
    at most `most` entries (all dropped at once past that: template sources are finite, a
    bound all the same), all forgotten when one of `settings` changes (`override_settings`)."""

    def __init__(self, settings: set[str], most: int):
        super().__init__()
        self.settings, self.most = settings, most
        setting_changed.connect(self._forget, weak=False)

    def get_or_make(self, key, make):
        try:
            return self[key]
        except KeyError:
            if len(self) >= self.most:
                self.clear()
            value = self[key] = make()
            return value

    def _forget(self, setting, **kwargs):
        if setting in self.settings:
            self.clear()
