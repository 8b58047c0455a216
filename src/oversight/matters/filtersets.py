import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.core.api import IdFilter
from oversight.matters.choices import DirectionStatus, MatterKind, MonitoringLevel, Stage
from oversight.matters.models import Direction, Matter
from oversight.units.filtersets import LineageFilter


class MatterFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="responsible_unit", label=_("Unit (code)"))
    kind = django_filters.ChoiceFilter(choices=MatterKind.choices, label=_("Kind"))
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("Stage"))
    monitoring_level = django_filters.ChoiceFilter(
        choices=MonitoringLevel.choices, label=_("Monitoring level")
    )
    monitored_from = django_filters.DateFromToRangeFilter(label=_("Under monitoring since"))
    completed = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("Completed")
    )
    corruption = django_filters.BooleanFilter(label=_("Corruption"))
    security_order = django_filters.BooleanFilter(label=_("Security and order"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Matter
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class DirectionFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Issuing unit (code)"))
    addressee = django_filters.CharFilter(field_name="addressee__code", label=_("Addressee"))
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
