"""The project's Django template backend: Django's, with one check made precise.

Django warns (templates.W003) when two template tag modules share a library name. Two of ours
share one on purpose: `kept_i18n` and `kept_static` stand in for Django's `i18n` and `static`
(TEMPLATES' `libraries` in settings.py) and say so (`REPLACES`, the module they extend). They
are left out of that check; any other library of a taken name is still warned about.
tests/web/test_kept_tags.py runs the check."""

from __future__ import annotations

from importlib import import_module

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
