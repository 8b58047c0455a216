import django_filters

from oversight.base.textsearch import text_q
from oversight.units.models import Unit


class UnitFilterSet(django_filters.FilterSet):
    active_on = django_filters.DateFilter(method="filter_active_on")
    q = django_filters.CharFilter(method="filter_q")

    class Meta:
        model = Unit
        fields = ["kind", "code"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(text_q(value, fields=("code", "name_vi", "name_en", "place_en")))


class LineageFilter(django_filters.CharFilter):
    """Filter by a unit code, including every predecessor of that unit (the 2025 merger).

    Pages show it as a searchable picker (`units.pickers`), never as a box for a code:
    `offers="committees"` lists the committees in the user's scope (the records' owners),
    `offers="agencies"` every agency (a direction's addressee: police, courts, …)."""

    def __init__(self, *args, offers: str = "committees", **kwargs):
        kwargs.setdefault("max_length", 64)
        self.offers = offers
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        unit = Unit.objects.filter(code=value).first()
        if unit is None:
            return qs.none()
        return qs.filter(**{f"{self.field_name}__in": Unit.objects.lineage_ids(unit.pk)})
