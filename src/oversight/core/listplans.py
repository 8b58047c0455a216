"""A list's queryset built once per reader and request, kept while what it was built from holds.

Building a scoped, filtered list (the reader's need-to-know conditions by `restrict()`, the
filterset, the ordering) is a quarter of an API list request's CPU, and it gives the same
queryset every time the same reader asks for the same list (issue 17). `planned()` keeps the
queryset it built — a *plan* — and hands a fresh copy of it to the next request that has the
same key, as long as every input of the build is unchanged:

- the key: the view's class and action, and the arguments of its URL; the reader — every
  column of the user's row (unit, flags, password hash, last sign-in…) and their roles; every
  query parameter but the page number (which only slices the list afterwards); the day
  (`overdue` and deadline filters); the language;
- the database: every statement the build sent (the unit lineage, a unit named by its code,
  a text search…) is recorded with the rows it returned, and the plan is used only if each of
  those statements, sent again, returns the same rows. A unit merged, a unit renamed: the
  rows differ, the plan is built anew. (The access lists and the hidden records are
  subqueries of the list's own statement, run every time: a grant or a classification counts
  at once.)
- the process's own caches (`base.kept`): their reads are not recorded; what the build used
  of them is, and the plan holds while they hold the same — the working calendar's exceptions
  (a day off announced: the overdue cutoff moves, the plan is built anew).

Nothing else may feed a build: a build that writes is not kept, and neither is a queryset with
prefetches (their querysets hold the reader) or one restricted for someone other than the
reader. The reads recorded are those of the default connection (the project has one
database). What the request had already built or read of the reader's scope before the build
(`scoping.fresh_scope`) is forgotten first, so that the build reads it again and it is
recorded. The kept count and page statements: `Statements`.

Plans are kept per thread (a server thread reuses its own; no queryset is shared between
threads), at most `MAX_PLANS`, least recently used dropped first. `settings.LIST_PLANS = False`
(`OVERSIGHT_LIST_PLANS=0`) turns them off. tests/core/test_listplans.py asks every scoped list
of the API and every list page as several readers, makes the changes a plan must notice, and
compares each answer with the answer built from nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import get_language

from oversight.base.kept import listening, reading_kept
from oversight.core.scoping import fresh_scope

MAX_PLANS = 256
_local = threading.local()


@dataclass(frozen=True)
class Read:
    """A statement the build sent and the rows it read (`complete`: to the last row)."""

    sql: str
    params: tuple | None
    rows: tuple
    complete: bool


class Statements:
    """The compiled statements of one kept plan — its count and each page asked of it — so
    that a request with the plan sends them as they were compiled, without compiling them
    again (the count and the page: a fifth of a planned list's CPU).

    A copy handed out by `for_reader` carries them (`ScopedQuerySet` asks them for its
    `count()` and for the fetch of a slice of it); a queryset made from that copy by anything
    but a slice (a filter, `values()`, `exists()`) does not, and is compiled as usual."""

    MAX_PAGES = 32
    MAX_WRITTEN = 2  # pages whose written rows are kept (core.keptrows), per plan

    def __init__(self):
        self.counted: tuple | None = None  # (sql, params) of the count
        # path -> the parents' restriction compiled (`ScopedQuerySet.parent_statements`)
        self.flags: dict = {}
        # what core.keptrows keeps of the pages: the rows as written, as rendered
        self.written: list[tuple] = []
        self.rendered: list[tuple] = []
        # (low, high) -> (compiler class, its attributes, (sql, params))
        self.pages: dict[tuple, tuple] = {}

    def count(self, compute) -> int:
        if self.counted is not None:
            sql, params = self.counted
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]
        with recording() as sent:
            number = compute()
        if sent.keepable and len(sent.reads) == 1:
            self.counted = written_out(sent.reads[0].sql, sent.reads[0].params)
        return number

    def fetch(self, query, fetch) -> None:
        """`fetch()` (the rows of `query`, a slice of the plan), with the compiler of the
        first fetch of the same slice, its statement already written."""
        key = (query.low_mark, query.high_mark)
        kept = self.pages.get(key)
        made = []
        if kept is None:
            real = query.get_compiler

            def get_compiler(*args, **kwargs):
                compiler = real(*args, **kwargs)
                as_sql = compiler.as_sql

                def written(*a, **k):
                    result = as_sql(*a, **k)
                    made.append((compiler, a, k, result))
                    return result

                compiler.as_sql = written
                return compiler
        else:
            compiler_class, attributes, written_sql = kept

            def get_compiler(*args, **kwargs):
                compiler = object.__new__(compiler_class)
                compiler.__dict__.update(attributes)
                compiler.as_sql = lambda *a, **k: written_sql
                return compiler

        query.get_compiler = get_compiler  # this fetch only: removed below, never cloned
        try:
            fetch()
        finally:
            query.__dict__.pop("get_compiler", None)
        if kept is None and len(made) == 1 and not made[0][1] and not made[0][2] \
                and len(self.pages) < self.MAX_PAGES:
            compiler, _a, _k, result = made[0]
            attributes = {k: v for k, v in compiler.__dict__.items() if k != "as_sql"}
            self.pages[key] = (type(compiler), attributes, written_out(*result))


def written_out(sql: str, params) -> tuple[str, tuple | None]:
    """A kept statement with its values written into it, on PostgreSQL with prepared
    statements (settings: `server_side_binding`); else as it is.

    A kept plan sends the same statement with the same values on every request (its key
    holds the reader, the parameters and the day). Sent with the values apart, PostgreSQL
    planned it anew on each execution: a plan kept for any values (a generic plan) is
    estimated dearer than one for these values — a unit's page of petitions 551 against 269
    — so it chose the latter each time, and the planning was most of the statement's CPU
    (issue 17). Written out, the prepared statement has no parameters, and its one plan is
    made for these very values, once per connection. The values are written by psycopg's
    client-side binding, the way Django's PostgreSQL backend sends every statement when
    prepared statements are off; the statement is then sent without parameters, so a `%`
    among the values is not read as a placeholder."""
    if (not params or connection.vendor != "postgresql"
            or not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")):
        return sql, params
    from psycopg import ClientCursor

    connection.ensure_connection()
    with ClientCursor(connection.connection) as cursor:
        return cursor.mogrify(sql, params), None


@dataclass
class Plan:
    queryset: object
    reads: tuple[Read, ...]
    statements: Statements
    uses: tuple = ()  # (check, value): what the build used of the process's caches


def planned(request, view, build):
    """`build()` (the view's filtered, scoped queryset), or a copy of the plan kept for this
    request's key if everything it was built from still holds."""
    if not getattr(settings, "LIST_PLANS", True):
        return build()
    key = plan_key(request, view)
    if key is None:
        return build()
    plans = _plans()
    plan = plans.get(key)
    if plan is not None:
        if still_holds(plan.reads, plan.uses):
            plans.move_to_end(key)
            return for_reader(plan.queryset, request.user, plan.statements)
        del plans[key]
    fresh_scope(request.user)  # nothing of the scope read before the build goes unrecorded
    statements = Statements()
    with recording() as recorder:
        queryset = build()
        if getattr(queryset, "_parent_flags", ()):  # compiled with the plan, on its reads
            statements.flags = queryset.parent_statements()
    if recorder.keepable and keepable(queryset, request.user):
        plans[key] = Plan(queryset._chain(), tuple(recorder.reads), statements,
                          tuple(recorder.uses.items()))
        while len(plans) > MAX_PLANS:
            plans.popitem(last=False)
    return queryset


def plan_key(request, view) -> tuple | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk is None:
        return None
    reader = tuple(getattr(user, f.attname) for f in user._meta.concrete_fields)
    page_param = getattr(getattr(view, "paginator", None), "page_query_param", "page")
    params = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()
                          if name != page_param))
    address = tuple(sorted((getattr(view, "kwargs", None) or {}).items()))  # the URL's
    return (type(view), getattr(view, "action", None), address, connection.alias,
            connection.settings_dict.get("NAME"), reader, user.roles, params,
            timezone.localdate(), get_language())


def keepable(queryset, user) -> bool:
    """A queryset that may be handed to the reader's next request as it is."""
    read_by = getattr(queryset, "_read_by", None)
    return (queryset._result_cache is None and queryset._iterable_class is ModelIterable
            and not queryset._prefetch_related_lookups
            and (read_by is None or read_by.pk == user.pk)
            and all(flag_user.pk == user.pk
                    for flag_user, _path in getattr(queryset, "_parent_flags", ())))


def for_reader(queryset, user, statements: Statements | None = None):
    """A fresh copy of a kept queryset, read by this request's user object, carrying the
    plan's compiled statements."""
    clone = queryset._chain()
    if statements is not None:
        clone.__dict__["_statements"] = statements
    if getattr(clone, "_read_by", None) is not None:
        clone._read_by = user
    if getattr(clone, "_parent_flags", ()):
        clone._parent_flags = tuple((user, path) for _old, path in clone._parent_flags)
    return clone


def still_holds(reads: tuple[Read, ...], uses: tuple = ()) -> bool:
    """Whether each statement of the build, sent again, returns the rows it returned then, and
    each process cache the build used holds what it held then (`base.kept`)."""
    if any(check() is not value for check, value in uses):
        return False
    if not reads:
        return True
    with connection.cursor() as cursor:
        for read in reads:
            cursor.execute(read.sql, read.params)
            if read.complete:
                rows = cursor.fetchall()
            else:
                rows = cursor.fetchmany(len(read.rows)) if read.rows else []
            if tuple(tuple(row) for row in rows) != read.rows:
                return False
    return True


def _plans() -> OrderedDict:
    plans = getattr(_local, "plans", None)
    if plans is None:
        plans = _local.plans = OrderedDict()
    return plans


def forget() -> None:
    """Drop this thread's plans (tests)."""
    _local.plans = OrderedDict()


class _Recorder:
    """A `connection.execute_wrapper` that keeps each read's statement and the rows fetched.

    The rows are taken as the build fetches them (the cursor's fetch methods, wrapped for this
    statement), so they are what the build saw, not a second reading."""

    def __init__(self):
        self.reads: list[Read] = []
        self._open: list[dict] = []
        self.keepable = True
        self.uses: dict = {}

    def use(self, check, value) -> None:
        """What the build used of a process cache (`base.kept.used`)."""
        if self.uses.setdefault(check, value) is not value:
            self.keepable = False  # the cache changed during the build

    def __call__(self, execute, sql, params, many, context):
        if many or sql.lstrip()[:6].upper() != "SELECT":
            self.keepable = False
            return execute(sql, params, many, context)
        if reading_kept():  # a process cache's own read (base.kept)
            return execute(sql, params, many, context)
        result = execute(sql, params, many, context)
        entry = {"sql": sql, "params": None if params is None else tuple(params), "rows": [],
                 "complete": False}
        self._open.append(entry)
        cursor = context["cursor"]
        fetchone, fetchmany, fetchall = cursor.fetchone, cursor.fetchmany, cursor.fetchall

        def one():
            row = fetchone()
            if row is None:
                entry["complete"] = True
            else:
                entry["rows"].append(tuple(row))
            return row

        def many_rows(size=None):
            rows = fetchmany() if size is None else fetchmany(size)
            if not rows:
                entry["complete"] = True
            entry["rows"].extend(tuple(row) for row in rows)
            return rows

        def every():
            rows = fetchall()
            entry["complete"] = True
            entry["rows"].extend(tuple(row) for row in rows)
            return rows

        cursor.fetchone, cursor.fetchmany, cursor.fetchall = one, many_rows, every
        return result

    def close(self):
        self.reads = [Read(e["sql"], e["params"], tuple(e["rows"]), e["complete"])
                      for e in self._open]


@contextmanager
def recording():
    recorder = _Recorder()
    with connection.execute_wrapper(recorder), listening(recorder.use):
        yield recorder
    recorder.close()
