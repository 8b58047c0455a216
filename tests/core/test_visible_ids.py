"""`core.scoping.visible_ids` — which of some records a reader may see or change, asked as a
set (the bell's unread count, the audit trail's redaction, linking, a dossier's flags) — answers
what `restrict()` lists, for every scoped model, every kind of reader and both actions, and
sends one statement without the model's ordering: asked in order, the database walked the
ordering index over every record of the reader's units to test each id (issue 17: 100 unread
notices cost 19 ms on every page). Control: the statement the callers sent before is ordered,
and the check below says so."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.core.scoping import CHANGE, VIEW, ScopedQuerySet, visible_ids
from oversight.petitions.models import Petition

SCOPED = [model for model in apps.get_models()
          if isinstance(model._default_manager.all(), ScopedQuerySet)]


def _ordered(statements) -> list[str]:
    return [query["sql"] for query in statements if " ORDER BY " in query["sql"]]


@pytest.mark.django_db
def test_visible_ids_are_what_restrict_lists_among_them(world):
    checked = 0
    for model in SCOPED:
        ids = list(model._base_manager.values_list("pk", flat=True))  # hidden ones too
        for reader in world:
            for action in (VIEW, CHANGE):
                listed = set(model._default_manager.restrict(reader, action)
                             .values_list("pk", flat=True))
                assert visible_ids(model, ids, reader, action) == listed, (model, reader)
                half = ids[::2]
                assert visible_ids(model, half, reader, action) == listed & set(half)
                checked += bool(ids)
    assert checked >= 3 * len(world) * 2  # matters, directions, petitions at least
    assert visible_ids(Petition, [], world[0]) == set()


@pytest.mark.django_db
def test_the_statement_is_one_and_unordered(world):
    for model in SCOPED:
        ids = list(model._base_manager.values_list("pk", flat=True)[:20])
        for reader in world:
            with CaptureQueriesContext(connection) as sent:
                visible_ids(model, ids, reader)
            assert _ordered(sent.captured_queries) == [], model
            assert len([q for q in sent.captured_queries
                        if model._meta.db_table in q["sql"]]) <= 1


@pytest.mark.django_db
def test_control_the_statement_in_the_models_order_is_caught(world):
    ids = list(Petition.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as sent:
        set(Petition.objects.filter(pk__in=ids).restrict(world[3], VIEW)
            .values_list("pk", flat=True))
    assert _ordered(sent.captured_queries)
