"""A list's FilterSet builds its form class once per class and copies each declared filter
shallowly for each request (issue 17); nothing a request sets is shared with another."""

import django_filters
import pytest
from django.http import QueryDict

from oversight.core.filters import ListFilterSet
from oversight.matters.filtersets import DirectionFilterSet, MatterFilterSet
from oversight.matters.models import Direction, Matter

pytestmark = pytest.mark.django_db


def test_two_filtersets_share_no_filter_and_each_filter_knows_its_own():
    first = DirectionFilterSet(QueryDict("status=open"), Direction.objects.all())
    second = DirectionFilterSet(QueryDict("status=done"), Direction.objects.all())
    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name]
        assert filter_ is not DirectionFilterSet.base_filters[name]
        assert filter_.parent is first and second.filters[name].parent is second
        assert filter_.model is Direction
        assert filter_.extra is not second.filters[name].extra
    # `method=` resolves on the copy's own FilterSet (django-filter's FilterMethod)
    assert first.filters["status"].filter.method.__self__ is first
    assert second.filters["status"].filter.method.__self__ is second
    assert list(first.filters) == list(DirectionFilterSet.base_filters)


def test_form_class_once_per_class_and_forms_apart():
    first = MatterFilterSet(QueryDict("stage=investigation"), Matter.objects.all())
    second = MatterFilterSet(QueryDict("kind=nonsense"), Matter.objects.all())
    assert type(first.form) is type(second.form)
    assert first.is_valid() and not second.is_valid()
    assert "kind" in second.errors and not first.errors
    assert first.form.fields["stage"] is not second.form.fields["stage"]
    first.form.fields["stage"].choices = [("x", "x")]  # a page changing its own form
    assert ("x", "x") not in list(second.form.fields["stage"].choices)
    assert ("x", "x") not in list(MatterFilterSet(QueryDict(), Matter.objects.all())
                                  .form.fields["stage"].choices)
    assert DirectionFilterSet(None, Direction.objects.all()).get_form_class() is not type(
        first.form)


def test_filtering_answers_as_before():
    """The same statement as filtering by hand, without DISTINCT: the stage is a column of the
    matter itself, so no row can repeat (a DISTINCT sorted every matching matter by all its
    columns: 28 ms for a stage at national scale, issue 17)."""
    matters = Matter.objects.all()
    bound = MatterFilterSet(QueryDict("stage=investigation&completed="), matters)
    assert bound.is_valid()
    assert str(bound.qs.query) == str(matters.filter(stage="investigation").query)
    assert "DISTINCT" not in str(bound.qs.query)


class _ByRequest(ListFilterSet):
    """Control: a filter whose field reads the request keeps django-filter's form per request."""

    matter = django_filters.ModelChoiceFilter(queryset=lambda request: Matter.objects.none())

    class Meta:
        model = Direction
        fields = []


def test_a_filter_reading_the_request_builds_its_form_each_time():
    first = _ByRequest(QueryDict(), Direction.objects.all())
    second = _ByRequest(QueryDict(), Direction.objects.all())
    assert type(first.form) is not type(second.form)


class _Unlabelled(ListFilterSet):
    """A filter declared without a label: django-filter writes one in the current language."""

    completed_on = django_filters.DateFilter()

    class Meta:
        model = Matter
        fields = []


def test_a_label_django_filter_makes_follows_the_language():
    from django.utils import translation

    with translation.override("en"):
        english = _Unlabelled(QueryDict("completed_on=x"), Matter.objects.all()).form
        english_label = str(english.fields["completed_on"].label)
    with translation.override("vi"):
        vietnamese = _Unlabelled(QueryDict("completed_on=x"), Matter.objects.all()).form
        vietnamese_label = str(vietnamese.fields["completed_on"].label)
    with translation.override("en"):
        again = _Unlabelled(QueryDict(), Matter.objects.all()).form
    assert english_label != vietnamese_label
    assert type(again) is type(english)
