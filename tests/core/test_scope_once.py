"""The reader's scope is built once per reader and request (`core.scoping.built_once`), and
the audit's check of which rows of a list are protected reads them from the rows (issue 17)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.audit.models import AuditEntry
from oversight.core import scoping
from oversight.identity.actions import _grant, set_classification


def _counting(monkeypatch) -> list:
    """Every condition built, by key, while the test runs."""
    built, real = [], scoping.built_once

    def counting(user, key, build):
        def counted():
            built.append(key)
            return build()
        return real(user, key, counted)

    monkeypatch.setattr(scoping, "built_once", counting)
    return built


def test_a_direction_list_builds_each_condition_of_the_reader_once(api, nghean, make_direction,
                                                                   monkeypatch):
    """The directions are restricted through their matter's access list, and the flag on each
    direction's matter restricts the matters again: one access list, built once."""
    make_direction()
    built = _counting(monkeypatch)
    assert api(nghean).get("/api/directions/").status_code == 200
    assert built.count(("grants", "matters.Matter")) == 1, built
    assert len(built) == len(set(built)), built


def test_nothing_is_kept_outside_a_request(api, nghean, make_direction, monkeypatch):
    make_direction()
    assert api(nghean).get("/api/directions/").status_code == 200
    assert scoping._built.get() is None  # the request ended: its scope went with it
    built = _counting(monkeypatch)
    from oversight.matters.models import Direction

    list(Direction.objects.restrict(nghean))
    list(Direction.objects.restrict(nghean))
    assert built.count(("grants", "matters.Matter")) == 2, built


def test_a_grant_given_during_the_request_counts(nghean, make_matter, monkeypatch):
    """The access lists stay subqueries: a condition built before a grant sees it."""
    from oversight.matters.models import Matter

    secret = make_matter("nghe_an")
    set_classification(secret, "secret", by=None, check=False)
    scoping.begin_request()
    try:
        assert not Matter.objects.restrict(nghean).filter(pk=secret.pk).exists()
        _grant(secret, nghean, None)
        assert Matter.objects.restrict(nghean).filter(pk=secret.pk).exists()
    finally:
        scoping.end_request()


def test_the_protected_directions_of_a_list_are_audited_without_a_query(api, nghean,
                                                                        make_matter,
                                                                        make_direction):
    secret = make_matter("nghe_an")
    set_classification(secret, "secret", by=None, check=False)
    _grant(secret, nghean, None)
    protected = make_direction(matter=secret)
    plain = make_direction()
    with CaptureQueriesContext(connection) as ctx:
        rows = api(nghean).get("/api/directions/").json()["results"]
    assert {r["id"] for r in rows} == {protected.pk, plain.pk}
    entries = AuditEntry.objects.filter(action="view_sensitive",
                                        object_type="matters.direction")
    assert [e.object_id for e in entries] == [str(protected.pk)]
    # the count and the page: the audit's check asked nothing more of the directions
    reads = [q["sql"] for q in ctx.captured_queries
             if q["sql"].startswith("SELECT") and 'FROM "matters_direction"' in q["sql"]]
    assert len(reads) == 2, reads
