"""The condition of a list's free-text box, one helper for every list that searches its own
columns (units, persons, organisations, intake drafts). In `base`, below every app, since the
lowest of them (units) uses it too; lists searched through the search index use
`search.filters.TextSearchFilter` instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from oversight.base.vietnamese import fold


def text_q(value: str, *, key: str | None = None, fields: Iterable[str] = ()) -> Q:
    """The condition of a list's free-text box (`q=`, the one helper of the `filter_q`s).

    - `key`: every word of `value`, folded (no diacritics, any case: `base.vietnamese.fold`),
      is contained in `key`, a column of folded text kept for this (`name_key`, `text_key`);
    - `fields`: `value` as typed is contained, in any case, in one of these plain columns
      (codes, names in two languages).

    Both given, either matches. `Q()` (no condition; false as a bool) when there is nothing to
    match. Lists searched through the search index use `search.filters.TextSearchFilter`."""
    words = Q()
    for word in fold(value).split() if key else ():
        words &= Q(**{f"{key}__contains": word})
    typed = Q()
    for name in fields:
        typed |= Q(**{f"{name}__icontains": value})
    return words | typed
