import django_filters
from django.utils.translation import gettext_lazy as _

from oversight.core.api import IdFilter
from oversight.core.filters import ListFilterSet
from oversight.matters.choices import DirectionStatus, MatterKind, MonitoringLevel, Stage
from oversight.matters.models import Direction, Matter
from oversight.search.filters import TextSearchFilter
from oversight.units.filtersets import LineageFilter


class MatterFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="responsible_unit", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=MatterKind.choices, label=_("Kind"))
    # distinct=False: a column of the row itself, no join to repeat rows (django-filter's
    # default DISTINCT sorted every matching matter by all its columns, issue 17)
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("Stage"),
                                                distinct=False)
    monitoring_level = django_filters.ChoiceFilter(
        choices=MonitoringLevel.choices, label=_("Monitoring level")
    )
    monitored_from = django_filters.DateFromToRangeFilter(label=_("Under monitoring since"))
    completed = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("Completed")
    )
    corruption = django_filters.BooleanFilter(label=_("Corruption"))
    security_order = django_filters.BooleanFilter(label=_("Security and order"))
    q = TextSearchFilter(kind="matter")

    class Meta:
        model = Matter
        fields = []


class DirectionFilterSet(ListFilterSet):
    q = TextSearchFilter(kind="direction")
    unit = LineageFilter(field_name="unit", label=_("Issuing unit"))
    addressee = LineageFilter(field_name="addressee", label=_("Addressee"), offers="agencies")
    matter = IdFilter(field_name="matter_id", label=_("Matter"))
    status = django_filters.ChoiceFilter(
        choices=DirectionStatus.choices, method="filter_status", label=_("Status")
    )
    due_on = django_filters.DateFromToRangeFilter(label=_("Due"))

    class Meta:
        model = Direction
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status().filter(status_now=value)
