"""The search box of a list: the search index's folded text (see `index.matching`)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from oversight.search.index import matching


class TextSearchFilter(django_filters.CharFilter):
    """`q=`: every word, without diacritics or case, in the record's indexed text (subject,
    content, names that are not protected, numbers); a number alone also finds that id."""

    def __init__(self, *args, kind: str | None = None, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 200)
        self.kind = kind
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs

        return matching(qs, value, self.kind)
