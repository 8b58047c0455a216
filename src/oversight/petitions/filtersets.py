import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core.api import IdFilter
from oversight.core.filters import ListFilterSet
from oversight.petitions.choices import HotspotStatus, PetitionKind, Status
from oversight.petitions.models import Hotspot, Petition, Reception
from oversight.search.filters import TextSearchFilter
from oversight.units.filtersets import LineageFilter


class PetitionFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=PetitionKind.choices, label=_("Kind"))
    # distinct=False: a column of the row itself (see matters.filtersets)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"),
                                                 distinct=False)
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte",
                                               label=_("Received from"))
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte",
                                                label=_("Received to"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    duplicates = django_filters.BooleanFilter(field_name="duplicate_of", lookup_expr="isnull",
                                              exclude=True, label=_("Duplicates"))
    hotspot = IdFilter(field_name="hotspot_id", label=_("Hot spot"))
    suspended = django_filters.BooleanFilter(field_name="suspended_since", lookup_expr="isnull",
                                             exclude=True, label=_("Suspended"))
    q = TextSearchFilter(kind="petition")

    class Meta:
        model = Petition
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue(timezone.localdate())
        if value:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))


class ReceptionFilterSet(ListFilterSet):
    q = TextSearchFilter(kind="reception")
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte",
                                           label=_("From"))
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte",
                                            label=_("To"))
    dialogue = django_filters.BooleanFilter(label=_("Dialogue"))
    hotspot = IdFilter(field_name="hotspot_id", label=_("Hot spot"))

    class Meta:
        model = Reception
        fields = ["kind", "host_role"]


class HotspotFilterSet(ListFilterSet):
    q = TextSearchFilter(kind="hotspot")
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    status = django_filters.ChoiceFilter(choices=HotspotStatus.choices, label=_("Status"))

    class Meta:
        model = Hotspot
        fields = []
