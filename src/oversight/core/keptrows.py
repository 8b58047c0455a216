"""A page's rows as written (API) or rendered (HTML), kept while they are the same rows.

A list from a kept plan (`core.listplans`) still reads its page through `restrict()` each time,
and the audit trail still records its protected rows; what is kept is the work after that —
the serializer's writing of the rows (`written`), the row template's rendering (`rendered`) —
for the next request with the same plan whose rows hold the very values they held then.

The state compared is everything a row is made from:

- every value the page's instances hold — columns, annotations, flags set on them
  (`<path>_visible`), the related records read with them, each the same way (`_state_of`);
  a row holding anything but plain values (a related manager, a file) is not kept;
- the request as far as the plan's key does not already hold it (the key has the reader, the
  parameters, the day and the language): the host, which a link is written with, and what
  the apps register with `written_depends_on` (the identity key in the session: a sealed
  petitioner written hidden is never handed to a request that could open it);
- for a rendering, the values the row template read from the page's context (recorded while
  it rendered: a flag of the page such as "show the assignee column"); a value that is not
  plain and not already in the key (the request, the user, the view) leaves it unkept;
- what the writing used of the process's caches (`base.kept`: the working calendar behind
  "days left"), which must be what it was.

A writing or rendering that sent a statement, or wrote, is not kept. At most
`Statements.MAX_WRITTEN` pages of each plan are kept, each kind. tests/core/test_listplans.py
compares every kept answer and page with one built from nothing, after the changes a plan must
notice, with controls.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.conf import settings

from oversight.core.listplans import Statements, recording

# What a row may hold for its written form to be kept: values, not objects that could read
# more (a related manager, a prefetch cache, a file).
_PLAIN = (str, int, float, bool, bytes, dt.date, dt.datetime, dt.time, dt.timedelta,
          decimal.Decimal, uuid.UUID, type(None),
          list, dict)  # a JSON column's value: JSON, so plain all the way down
# Context names the plan's key already holds (`listplans.plan_key`), and the page's rows,
# which the rows' state holds.
_IN_THE_KEY = frozenset({"request", "user", "perms", "view", "LANGUAGE_CODE",
                         "LANGUAGE_BIDI", "object_list"})
_MISSING = object()


class _NotPlain(Exception):
    pass


_PLAIN_TYPES = frozenset(_PLAIN)


def _state_of(row) -> tuple:
    """Everything a model instance read for a page holds: its values, the flags set on it,
    the related records read with it, each the same way. Raises `_NotPlain` on anything
    else.

    The common case — every value exactly one of the plain types, `_state` first, as
    `base.loading.from_db_directly` and `Model.__init__` set it — is checked by type at C
    speed (50 rows of a petitions page: a twentieth of the page when checked value by
    value); anything else takes the general path, which also accepts the plain types'
    subclasses (a translated string, a choice)."""
    attributes = row.__dict__
    items = tuple(attributes.items())
    if (items and items[0][0] == "_state"
            and set(map(type, list(attributes.values())[1:])) <= _PLAIN_TYPES):
        values = items[1:]
    else:
        values = []
        for name, value in items:
            if name == "_state":
                continue
            if not isinstance(value, _PLAIN):
                raise _NotPlain(name)
            values.append((name, value))
        values = tuple(values)
    cache = row._state.fields_cache
    related = tuple((name, None if other is None else _state_of(other))
                    for name, other in cache.items()) if cache else ()
    return type(row), values, related


# Functions of the request that a row is written from besides the row and the plan's key.
_WRITTEN_DEPENDS: list = []


def written_depends_on(of_request) -> None:
    """Register `of_request(request)` (a hashable value) as something a list's rows are
    written from: rows written for one value are not handed to a request with another."""
    if of_request not in _WRITTEN_DEPENDS:
        _WRITTEN_DEPENDS.append(of_request)


def _statements(queryset) -> Statements | None:
    if queryset is None or not getattr(settings, "LIST_PLANS", True):
        return None
    return queryset.__dict__.get("_statements")


def _rows_state(request, rows) -> tuple:
    return (request.get_host(), request.scheme,
            tuple(depends(request) for depends in _WRITTEN_DEPENDS),
            tuple(_state_of(row) for row in rows))


def _holds(uses) -> bool:
    return all(check() is value for check, value in uses)


def _keep(kept: list, entry: tuple) -> None:
    kept.append(entry)
    del kept[:-Statements.MAX_WRITTEN]


def written(request, queryset, page, write):
    """`write()` — the page's rows as the list's serializer writes them — or what it wrote
    for the same rows before, for a list from a kept plan (the module's text)."""
    statements = _statements(queryset)
    if statements is None:
        return write()
    try:
        state = _rows_state(request, page)
    except _NotPlain:
        return write()
    for kept_state, uses, data in statements.written:
        if kept_state == state and _holds(uses):
            return data
    with recording() as recorder:
        data = write()
    if recorder.keepable and not recorder.reads:
        data = list(data)  # the rows, without the serializer (and its request) behind them
        _keep(statements.written, (state, tuple(recorder.uses.items()), data))
    return data


class _Reads(dict):
    """Pushed on a template context: notes each name looked up through it."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []

    def __contains__(self, key):
        self.names.append(key)
        return super().__contains__(key)


def _context_values(context, names) -> tuple:
    values = []
    for name in dict.fromkeys(names):
        if name in _IN_THE_KEY:
            continue
        value = context.get(name, _MISSING)
        if value is not _MISSING and not isinstance(value, _PLAIN):
            raise _NotPlain(name)
        values.append((name, value))
    return tuple(values)


def rendered(context, render) -> str:
    """`render()` — a list page's rows through its row template — or what it rendered for the
    same rows and the same values of the page's context before (the module's text). The
    page's rows are the context's `object_list`, its plan the view's `object_list`."""
    view = context.get("view")
    request = context.get("request")
    statements = _statements(getattr(view, "object_list", None))
    rows = context.get("object_list")
    if statements is None or request is None or rows is None:
        return render()
    rows = list(rows)  # read now: the template's loop goes over the same instances
    try:
        state = _rows_state(request, rows)
    except _NotPlain:
        return render()
    for kept_state, names, values, uses, html in statements.rendered:
        if kept_state == state and _holds(uses):
            try:
                if _context_values(context, names) == values:
                    return html
            except _NotPlain:
                pass
    reads = _Reads()
    context.dicts.append(reads)
    try:
        with recording() as recorder:
            html = render()
    finally:  # by identity: an equal dict elsewhere in the stack stays
        context.dicts[:] = [d for d in context.dicts if d is not reads]
    if recorder.keepable and not recorder.reads:
        try:
            values = _context_values(context, reads.names)
        except _NotPlain:
            return html
        names = tuple(dict.fromkeys(reads.names))
        _keep(statements.rendered, (state, names, values, tuple(recorder.uses.items()), html))
    return html
