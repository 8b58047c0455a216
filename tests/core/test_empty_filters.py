"""A filter that can match nothing (a unit that does not exist) leaves Django's `NothingNode` in
a list's condition, and the count apart (`core.complement`) asked that condition which
annotations it names: Django's `get_refs` fails on that node, and `/api/matters/` answered 500
(found by the schemathesis test, issue 17). Every scoped list of the API, as a unit reader and
as a central reader, with the unknown unit alone and beside filters that annotate: an answer,
never a 500, and no row where the list filters by unit. Control: Django's own `get_refs` on
such a condition still fails, so the lists would too without `scoping._refs`."""

import pytest
from django.db.models import F, Q
from rest_framework import mixins

from oversight.api_urls import router
from oversight.core import api as core_api
from oversight.core.scoping import _refs
from oversight.matters.models import Matter

VIEWSETS = sorted(((f"/api/{prefix}/", viewset) for prefix, viewset, _name in router.registry
                   if issubclass(viewset, core_api.ScopedViewSetMixin)
                   and issubclass(viewset, mixins.ListModelMixin)), key=lambda pair: pair[0])
QUERIES = ["unit=khong_co_don_vi", "unit=khong_co_don_vi&completed=true&overdue=true",
           "unit=%F3%91%AE%93&completed=true&page_size=2200"]


def _filters(viewset) -> set:
    filterset = getattr(viewset, "filterset_class", None)
    return set(filterset.base_filters) if filterset is not None else set()


@pytest.mark.django_db
def test_a_filter_matching_nothing_is_answered(api, nghean, analyst, make_matter):
    make_matter("nghe_an", title="Vụ việc")
    answered = 0
    for reader in (nghean, analyst):
        client = api(reader)
        for path, viewset in VIEWSETS:
            for query in QUERIES:
                response = client.get(f"{path}?{query}")
                assert response.status_code == 200, (reader.username, path, query,
                                                      response.status_code)
                body = response.json()
                if "unit" in _filters(viewset) and "count" in body:
                    assert body["count"] == 0, (reader.username, path, query, body["count"])
                    answered += 1
    assert answered >= 6  # the lists with a unit filter were among them


@pytest.mark.django_db
def test_control_djangos_own_get_refs_fails_on_such_a_condition():
    query = Matter.objects.annotate(n=F("pk")).filter(n__gt=0).none().query
    with pytest.raises(AttributeError):
        query.where.get_refs()
    assert _refs(query.where) == set()
    # where Django's method works, the two agree
    plain = Matter.objects.filter(Q(pk__gt=0) | Q(title="x")).query
    assert _refs(plain.where) == plain.where.get_refs()
