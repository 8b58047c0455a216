import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.committees.choices import (
    Body,
    DocumentKind,
    DocumentStatus,
    InspectionKind,
    InspectionStatus,
    MeetingKind,
    ProjectKind,
    ProjectStatus,
)
from oversight.committees.models import (
    CommitteeDocument,
    Conclusion,
    EmulationTarget,
    Finding,
    Inspection,
    Meeting,
    Project,
)
from oversight.units.filtersets import LineageFilter


class MeetingFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit (code)"))
    body = django_filters.ChoiceFilter(choices=Body.choices, label=_("Body"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    held_on = django_filters.DateFromToRangeFilter(label=_("Held on"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Meeting
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(chair__icontains=value)
                               | Q(conclusions__text__icontains=value)).distinct()


class ConclusionFilterSet(django_filters.FilterSet):
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting"))

    class Meta:
        model = Conclusion
        fields = []


class InspectionFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit (code)"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"))
    period_start = django_filters.DateFromToRangeFilter(label=_("Started"))
    q = django_filters.CharFilter(field_name="topic", lookup_expr="icontains",
                                  label=_("Search"))

    class Meta:
        model = Inspection
        fields = []


class FindingFilterSet(django_filters.FilterSet):
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Inspection"))

    class Meta:
        model = Finding
        fields = []


class EmulationTargetFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit (code)"))
    cluster = django_filters.CharFilter(field_name="cluster__code", label=_("Cluster"))
    year = django_filters.NumberFilter(label=_("Year"))
    indicator = django_filters.CharFilter(label=_("Indicator"))

    class Meta:
        model = EmulationTarget
        fields = []


class DocumentFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit (code)"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"))
    issued_on = django_filters.DateFromToRangeFilter(label=_("Issued on"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = CommitteeDocument
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))


class ProjectFilterSet(django_filters.FilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit (code)"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    submitted_on = django_filters.DateFromToRangeFilter(label=_("Submitted on"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  label=_("Search"))

    class Meta:
        model = Project
        fields = []
