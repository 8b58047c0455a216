import django_filters
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
from oversight.core.filters import ListFilterSet
from oversight.search.filters import TextSearchFilter
from oversight.units.filtersets import LineageFilter


class MeetingFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    body = django_filters.ChoiceFilter(choices=Body.choices, label=_("Body"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    held_on = django_filters.DateFromToRangeFilter(label=_("Held on"))
    q = TextSearchFilter(kind="meeting")

    class Meta:
        model = Meeting
        fields = []


class ConclusionFilterSet(ListFilterSet):
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting"))

    class Meta:
        model = Conclusion
        fields = []


class InspectionFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"))
    period_start = django_filters.DateFromToRangeFilter(label=_("Started"))
    q = TextSearchFilter(kind="inspection")

    class Meta:
        model = Inspection
        fields = []


class FindingFilterSet(ListFilterSet):
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Inspection"))

    class Meta:
        model = Finding
        fields = []


class EmulationTargetFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    cluster = django_filters.CharFilter(field_name="cluster__code", label=_("Cluster"))
    year = django_filters.NumberFilter(label=_("Year"))
    indicator = django_filters.CharFilter(label=_("Indicator"))

    class Meta:
        model = EmulationTarget
        fields = []


class DocumentFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"))
    issued_on = django_filters.DateFromToRangeFilter(label=_("Issued on"))
    q = TextSearchFilter(kind="document")

    class Meta:
        model = CommitteeDocument
        fields = []


class ProjectFilterSet(ListFilterSet):
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    submitted_on = django_filters.DateFromToRangeFilter(label=_("Submitted on"))
    q = TextSearchFilter(kind="project")

    class Meta:
        model = Project
        fields = []
