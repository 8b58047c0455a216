import django_filters

from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry


class AuditEntryFilterSet(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="username", lookup_expr="iexact")
    action = django_filters.ChoiceFilter(choices=Action.choices)
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["user", "action", "object_type", "object_id", "date_from", "date_to"]
