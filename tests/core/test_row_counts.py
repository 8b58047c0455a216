"""PostgreSQL's kept row counts (`core.models.RowCount`, migration core.0002) sum to `COUNT(*)`
after any statements: inserts of one row and of many, deletes, updates, a savepoint rolled
back, a TRUNCATE, writers in several threads at once, and the folding of the rows. Control:
with the DELETE trigger dropped, the sum and the count part after a delete — the check sees
it. And the triggers are on the very tables `core.complement.ROW_COUNTED` names."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.core.complement import ROW_COUNTED
from oversight.matters.models import Direction, Matter
from oversight.units.models import Unit

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="PostgreSQL keeps the counts (SQLite's are cheap)")


def _mismatched() -> dict:
    """{table: (kept sum, COUNT(*))} for each counted table where they differ."""
    wrong = {}
    with connection.cursor() as cursor:
        for table in sorted(ROW_COUNTED):
            cursor.execute("SELECT COALESCE(SUM(delta), 0) FROM core_rowcount "
                           "WHERE table_name = %s", [table])
            kept = cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counted = cursor.fetchone()[0]
            if kept != counted:
                wrong[table] = (kept, counted)
    return wrong


def test_the_triggers_are_on_the_counted_tables(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                       "WHERE tgname LIKE '%%_count_%%' AND NOT tgisinternal")
        triggers = cursor.fetchall()
    assert {table for table, _name in triggers} == ROW_COUNTED
    assert len(triggers) == 3 * len(ROW_COUNTED)  # insert, delete, truncate


def _direction(matter, unit, n=0):
    return Direction(unit=unit, addressee=unit, matter=matter, text=f"Chỉ đạo {n}",
                     issued_on=dt.date(2024, 4, 1), due_on=dt.date(2024, 6, 30))


OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("insert"), st.integers(1, 5)),
    st.tuples(st.just("delete some"), st.integers(0, 3)),
    st.tuples(st.just("update"), st.integers(0, 3)),
    st.tuples(st.just("rolled back"), st.integers(1, 4)),
    st.just(("delete all", 0)),
), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_the_sum_is_the_count_after_any_statements(make_matter, operations):
    matter = make_matter("nghe_an")
    unit = Unit.objects.get(code="nghe_an")
    for step, (operation, n) in enumerate(operations):
        if operation == "insert":
            Direction.objects.bulk_create([_direction(matter, unit, i) for i in range(n)])
        elif operation == "delete some":
            Direction.objects.filter(pk__in=Direction.objects.order_by("pk").values(
                "pk")[:n]).delete()
        elif operation == "update":
            Direction.objects.filter(pk__in=Direction.objects.values("pk")[:n]).update(
                text="Đã sửa")
        elif operation == "rolled back":
            try:
                with transaction.atomic():
                    Direction.objects.bulk_create([_direction(matter, unit) for _ in range(n)])
                    Direction.objects.filter(pk__in=Direction.objects.values("pk")[:1]).delete()
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        else:
            Direction.objects.all().delete()
        assert _mismatched() == {}, (step, operation, n)


def test_a_truncate_counts_zero(make_matter, make_direction):
    make_direction()
    Matter.objects.count()
    with connection.cursor() as cursor:  # the deferred key checks first (else no TRUNCATE)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE matters_direction CASCADE")
    assert _mismatched() == {}
    make_direction()
    assert _mismatched() == {}


def test_the_rows_are_folded(make_matter):
    matter = make_matter("nghe_an")
    unit = Unit.objects.get(code="nghe_an")
    for i in range(600):  # one row a statement: past two multiples of 256
        _direction(matter, unit, i).save()
    assert _mismatched() == {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_rowcount WHERE table_name = "
                       "'matters_direction'")
        assert cursor.fetchone()[0] < 400


def test_control_without_the_delete_trigger_the_check_fails(make_direction):
    make_direction()
    make_direction()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER matters_direction_count_delete ON matters_direction")
    Direction.objects.filter(pk=Direction.objects.values("pk")[:1]).delete()
    assert "matters_direction" in _mismatched()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_at_once_keep_the_sum(make_matter):
    matter = make_matter("nghe_an")
    unit = Unit.objects.get(code="nghe_an")
    errors = []

    def write(k):
        try:
            for i in range(40):
                with transaction.atomic():
                    Direction.objects.bulk_create([_direction(matter, unit, i)
                                                   for _ in range(1 + i % 3)])
                    if i % 4 == k % 4:
                        Direction.objects.filter(
                            pk__in=Direction.objects.order_by("-pk").values("pk")[:1]).delete()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _mismatched() == {}
    assert Direction.objects.count() > 100
