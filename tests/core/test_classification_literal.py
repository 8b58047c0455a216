"""A classification level is written into the statements of the need-to-know rule as a literal
(`base.classified.Level`), never sent as a parameter: PostgreSQL can then prove the condition
of the partial indexes of classified records (`petition_classified`, `matter_classified`) for
a prepared statement's plan kept for any parameters (a generic plan), which otherwise read
every record to find the classified ones (issue 17).

The invariant is checked over every scoped model and every kind of reader, with a control
that shows the check fails on the form that sent the level as a parameter; on PostgreSQL, the
generic plan of a unit's petitions list reads the hidden records from the partial index, and
did not before."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q

from oversight.base import classified
from oversight.base.classified import Level, SecurityClassification
from oversight.core.scoping import VIEW, ScopedQuerySet
from oversight.petitions.models import Petition

SCOPED = [model for model in apps.get_models()
          if isinstance(model._default_manager.all(), ScopedQuerySet)]
LEVELS = set(SecurityClassification.values)


def _statements(readers):
    """(model, reader, sql, params) of each statement that reads a scoped model's rows for a
    reader (the rows and their count), as sent to the database."""
    for model in SCOPED:
        for reader in readers:
            sent = []

            def capture(execute, sql, params, many, context, sent=sent):
                sent.append((sql, params or ()))
                return execute(sql, params, many, context)

            rows = model._default_manager.restrict(reader, VIEW)
            with connection.execute_wrapper(capture):
                list(rows[:5])
                rows.count()
            for sql, params in sent:
                yield model, reader, sql, params


def _levels_sent(readers) -> list[tuple[str, str]]:
    return [(model._meta.label, reader.username)
            for model, reader, _sql, params in _statements(readers)
            if LEVELS & {str(p) for p in params if isinstance(p, str)}]


def test_no_level_is_sent_as_a_parameter(world):
    assert not _levels_sent(world)
    # the rule is there to be checked: the statements of the models classified by a record
    # name the level, as a literal
    written = {model._meta.label for model, _reader, sql, _params in _statements(world)
               if "'normal'" in sql}
    assert {"matters.Matter", "matters.Direction", "petitions.Petition",
            "people.Mention"} <= written


def test_control_a_level_as_a_parameter_is_caught(world, monkeypatch):
    def open_on_with_parameter(path):
        prefix = f"{path}__" if path else ""
        condition = Q(**{f"{prefix}security_classification": SecurityClassification.NORMAL})
        if path:
            condition |= Q(**{f"{path}__isnull": True})
        return condition

    monkeypatch.setattr(classified, "open_on", open_on_with_parameter)
    monkeypatch.setattr("oversight.core.scoping.open_on", open_on_with_parameter)
    assert _levels_sent(world)


@pytest.mark.parametrize("value", ["normal' OR 1=1 --", "Normal", "", "public"])
def test_only_levels_are_written(value):
    with pytest.raises(ValueError):
        Level(value)


def test_the_same_rows_either_way(world):
    for level in LEVELS:
        literal = set(Petition.objects.filter(security_classification=Level(level))
                      .values_list("pk", flat=True))
        sent = set(Petition.objects.filter(security_classification=level)
                   .values_list("pk", flat=True))
        assert literal == sent and literal


def _generic_plan(sql: str, params: list) -> str:
    """EXPLAIN of `sql` prepared with its parameters as $n, planned for any values."""
    numbered = iter(range(1, len(params) + 1))
    prepared = re.sub(r"%s", lambda _m: f"${next(numbered)}", sql)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
        cursor.execute(f"PREPARE listed AS {prepared}")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        # a test's few rows are read faster whole: the plan is asked as for a real table
        cursor.execute("SET LOCAL enable_seqscan = off")
        values = ", ".join(str(p) if isinstance(p, int) else "'" + str(p).replace("'", "''") + "'"
                           for p in params)
        cursor.execute(f"EXPLAIN EXECUTE listed({values})")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE listed")
    return plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's generic plans")
def test_a_generic_plan_reads_the_hidden_records_from_the_partial_index(world, monkeypatch):
    nghean = next(reader for reader in world if reader.username == "nghean")

    def plan():
        query = (Petition.objects.restrict(nghean, VIEW).filter(unit_id=nghean.unit_id)
                 .order_by("-received_on", "-pk")[:50]).query
        sql, params = query.get_compiler(using="default").as_sql()
        return _generic_plan(sql, list(params))

    assert "petition_classified" in plan()
    # control: with the level as a parameter the generic plan cannot use that index
    monkeypatch.setattr(classified.Level, "as_sql",
                        lambda self, compiler, connection: ("%s", [self.level]))
    assert "petition_classified" not in plan()
