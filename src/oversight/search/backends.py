"""Full-text search behind one interface: SQLite FTS5 on the embedded default, PostgreSQL
full-text search in production. Both index the same folded text (`fold`), and the query is
folded the same way, so `nguyen van hung` finds `Nguyễn Văn Hùng` and `dang` finds `Đặng`."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q

from oversight.base.vietnamese import fold
from oversight.search.models import SearchEntry

MAX_TERMS = 8


def terms(query: str) -> list[str]:
    return fold(query).split()[:MAX_TERMS]


class Backend:
    def ranked_ids(self, query: str, unit_ids, limit: int, party_ids=None) -> list[int]:
        """Ids of the entries matching `query`, best first: of the units `unit_ids` (None:
        every unit) or, as a party, of `party_ids` (a direction's addressee)."""
        words = terms(query)
        if not words:
            return []
        sql, params = self.ranked_sql(words, unit_ids, limit, party_ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def ranked_sql(self, words: list[str], unit_ids, limit: int,
                   party_ids=None) -> tuple[str, list]:
        """The statement `ranked_ids` runs (`oversight explain` shows its plan)."""
        raise NotImplementedError

    def condition(self, words: list[str]):
        """A filter on `SearchEntry` rows whose folded text has every word (as a word prefix,
        the same rule as `ranked_ids`), for a list's search box: unranked, unlimited, used as
        a subquery of the list's own (already scoped) queryset."""
        return _prefix_words(words)

    @staticmethod
    def _scope_sql(unit_ids, alias: str = "e", party_ids=None) -> tuple[str, list]:
        if unit_ids is None:
            return "", []
        ids = sorted(unit_ids)
        sql = f"{alias}.unit_id IN ({', '.join(['%s'] * len(ids))})"
        if party_ids:
            parties = sorted(party_ids)
            sql = (f"({sql} OR {alias}.party_unit_id IN "
                   f"({', '.join(['%s'] * len(parties))}))")
            ids += parties
        return f" AND {sql}", ids


class SQLiteBackend(Backend):
    """FTS5 decides what matches; bm25 orders a bounded set of those matches.

    `ORDER BY bm25(…)` scores every match before it can sort: a common word's matches are a
    third of a national index. The candidates are the newest CANDIDATES matches in the
    user's scope (FTS5 yields a match's rows in rowid order, so the newest come first and the
    walk stops there); their lowest rowid bounds the ranked query, which FTS5 takes as a
    range of its own index. A query with fewer matches ranks them all, as before; one with
    more ranks its newest — as on PostgreSQL (`PostgreSQLBackend`), the answer to such a
    query is 'refine it'."""

    CANDIDATES = 2000

    def condition(self, words):
        return _Fts5Match(F("pk"), " ".join(f'"{w}"*' for w in words))

    def ranked_sql(self, words, unit_ids, limit, party_ids=None):
        match = " ".join(f'"{w}"*' for w in words)
        scope, params = self._scope_sql(unit_ids, party_ids=party_ids)
        inner_scope, inner_params = self._scope_sql(unit_ids, alias="c", party_ids=party_ids)
        sql = (
            "SELECT e.id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{scope} AND search_fts.rowid >= ("
            "SELECT coalesce(min(newest.id), 0) FROM ("
            "SELECT c.id FROM search_fts f JOIN search_searchentry c ON c.id = f.rowid "
            f"WHERE f.search_fts MATCH %s{inner_scope} ORDER BY f.rowid DESC LIMIT %s) newest) "
            "ORDER BY bm25(search_fts), e.id DESC LIMIT %s"
        )
        return sql, [match, *params, match, *inner_params, self.CANDIDATES, limit]


class PostgreSQLBackend(Backend):
    """The GIN index decides what matches; ts_rank orders a bounded set of those matches.

    Ranking every match of a common word ('khieu' matches a third of a national index) cost
    0.7 s at p95. The candidates are the first CANDIDATES rows the index scan yields (a
    MATERIALIZED CTE, so the planner cannot fold the ranking back into the scan); a query
    that matches more than that ranks a sample of its matches — the answer to such a query is
    'refine it'. The tsvector is stored (`folded_tsv`, migration 0004), so neither the ranking
    nor the index's recheck parses the text again."""

    CANDIDATES = 2000

    def condition(self, words):
        return _TsMatch(F("pk"), " & ".join(f"{w}:*" for w in words))

    def ranked_sql(self, words, unit_ids, limit, party_ids=None):
        tsquery = " & ".join(f"{w}:*" for w in words)
        scope, params = self._scope_sql(unit_ids, party_ids=party_ids)
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', unaccent(%s)) AS q), "
            "candidates AS MATERIALIZED ("
            "SELECT e.id, e.folded_tsv FROM search_searchentry e, q "
            f"WHERE e.folded_tsv @@ q.q{scope} LIMIT %s) "
            "SELECT c.id FROM candidates c, q "
            "ORDER BY ts_rank(c.folded_tsv, q.q) DESC, c.id DESC LIMIT %s"
        )
        return sql, [tsquery, *params, self.CANDIDATES, limit]


class SubstringBackend(Backend):
    """Any other database: every term as a substring (no ranking beyond recency)."""

    def ranked_ids(self, query, unit_ids, limit, party_ids=None):
        words = terms(query)
        if not words:
            return []
        qs = SearchEntry.objects.all()
        if unit_ids is not None:
            qs = qs.filter(Q(unit_id__in=unit_ids) | Q(party_unit_id__in=party_ids or ()))
        for w in words:
            qs = qs.filter(folded__contains=w)
        return list(qs.order_by("-id").values_list("id", flat=True)[:limit])


class _Fts5Match(Expression):
    """`id IN (rows of the FTS5 index matching the query)` (SQLite)."""

    output_field = BooleanField()

    def __init__(self, pk, match: str):
        super().__init__()
        self.pk, self.match = pk, match

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def resolve_expression(self, *args, **kwargs):
        clone = self.copy()
        clone.pk = self.pk.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.pk)
        return (f"{column} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                [*params, self.match])


class _TsMatch(_Fts5Match):
    """`folded_tsv @@ to_tsquery('simple', …)` (PostgreSQL): the stored tsvector of migration
    0004, which the GIN index covers. The model does not name the column: it is written after
    the table of the entry's own `pk`."""

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.pk)
        tsv = column.rsplit(".", 1)[0] + '."folded_tsv"' if "." in column else '"folded_tsv"'
        return f"{tsv} @@ to_tsquery('simple', %s)", [*params, self.match]


def _prefix_words(words):
    condition = Q()
    for w in words:
        condition &= Q(folded__startswith=w) | Q(folded__contains=f" {w}")
    return condition


def backend() -> Backend:
    return {
        "sqlite": SQLiteBackend, "postgresql": PostgreSQLBackend,
    }.get(connection.vendor, SubstringBackend)()
