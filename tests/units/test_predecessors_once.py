"""The units' succession links are read once per request (a petitions list by unit read them
twice: the reader's scope and the unit filter), again after a change of the links, and every
time outside a request. Controls: without `_keep_for_request` the first test asks twice;
without the `m2m_changed` receiver (`_forget`) the merger made during the request is not seen."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.units import models as unit_models
from oversight.units.models import Unit


def _in_request(test):
    unit_models._keep_for_request()
    try:
        test()
    finally:
        unit_models._predecessors.set(None)


def test_read_once_per_request(db):
    def test():
        with CaptureQueriesContext(connection) as ctx:
            first = Unit.objects.predecessor_map()
            first.clear()  # a caller's change of its copy does not reach the kept one
            second = Unit.objects.predecessor_map()
        assert len(ctx.captured_queries) == 1 and second
        assert second == Unit.objects.predecessor_map()

    _in_request(test)
    with CaptureQueriesContext(connection) as ctx:
        Unit.objects.predecessor_map()
        Unit.objects.predecessor_map()
    assert len(ctx.captured_queries) == 2  # outside a request: every time


def test_a_merger_during_the_request_counts_at_once(db):
    old, new = Unit.objects.get(code="ha_tinh"), Unit.objects.get(code="nghe_an")

    def test():
        assert old.pk not in Unit.objects.lineage_ids(new.pk)
        old.successors.set([new])
        assert old.pk in Unit.objects.lineage_ids(new.pk)

    _in_request(test)
