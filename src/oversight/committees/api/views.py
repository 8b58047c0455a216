from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from oversight.committees import actions, emulation
from oversight.committees.api.serializers import (
    AgendaItemSerializer,
    CommitteeDocumentSerializer,
    ConclusionDirectionSerializer,
    ConclusionSerializer,
    EmulationTargetSerializer,
    FindingSerializer,
    FollowUpSerializer,
    InspectionSerializer,
    MeetingSerializer,
    OpenMatterSerializer,
    OpenPetitionSerializer,
    ProjectSerializer,
    RecommendationSerializer,
)
from oversight.committees.filtersets import (
    ConclusionFilterSet,
    DocumentFilterSet,
    EmulationTargetFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    MeetingFilterSet,
    ProjectFilterSet,
)
from oversight.committees.models import (
    AgendaItem,
    CommitteeDocument,
    Conclusion,
    EmulationTarget,
    Finding,
    Inspection,
    Meeting,
    Project,
    Recommendation,
)
from oversight.core.api import ScopedViewSetMixin
from oversight.core.scoping import scoped_prefetch
from oversight.matters.api.serializers import MatterSerializer
from oversight.matters.models import Direction, Matter
from oversight.petitions.models import Hotspot, Petition
from oversight.units.models import Cluster

WRITE = (mixins.CreateModelMixin, mixins.UpdateModelMixin)


def _conclusions(user, lookup="conclusions"):
    """A meeting's conclusions and their directions, each through the user's scope: a
    direction of a secret matter is absent as it is from /api/directions/."""
    directions = scoped_prefetch(user, "directions",
                                 Direction.objects.select_related("addressee"))
    return scoped_prefetch(user, lookup, Conclusion.objects.prefetch_related(directions))


def _agenda(user):
    return scoped_prefetch(user, "agenda", AgendaItem.objects.prefetch_related(
        scoped_prefetch(user, "matters", Matter), scoped_prefetch(user, "petitions", Petition),
        scoped_prefetch(user, "hotspots", Hotspot)))


class MeetingViewSet(ScopedViewSetMixin, *WRITE, viewsets.ReadOnlyModelViewSet):
    """Meetings with their agenda and conclusions (each with its directions and their status:
    open, done or overdue). `POST …/conclusions/` records a conclusion and its directions."""

    queryset = Meeting.objects.select_related("unit")

    def get_queryset(self):
        user = self.request.user
        return super().get_queryset().prefetch_related(_agenda(user), _conclusions(user))

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["held_on", "title", "id"]
    ordering = ["-held_on", "-id"]

    @extend_schema(request=ConclusionSerializer, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"])
    def conclusions(self, request, pk=None):
        meeting = self.get_object()
        params = ConclusionSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        conclusion = actions.add_conclusion(
            meeting, by=request.user, text=params.validated_data["text"],
            directions=params.validated_data.get("directions", []))
        return Response(ConclusionSerializer(conclusion, context=self.get_serializer_context()
                                             ).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgendaItemSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        meeting = self.get_object()
        params = AgendaItemSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        item = actions.add_agenda_item(meeting, by=request.user, **params.validated_data)
        return Response(AgendaItemSerializer(item, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class ConclusionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Conclusions of meetings; `POST …/directions/` issues one more direction for one."""

    queryset = Conclusion.objects.select_related("meeting__unit")
    serializer_class = ConclusionSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related(scoped_prefetch(
            self.request.user, "directions", Direction.objects.select_related("addressee")))
    filterset_class = ConclusionFilterSet
    ordering = ["meeting", "position", "id"]

    @extend_schema(request=ConclusionDirectionSerializer, responses=ConclusionDirectionSerializer)
    @action(detail=True, methods=["post"])
    def directions(self, request, pk=None):
        conclusion = self.get_object()
        params = ConclusionDirectionSerializer(data=request.data,
                                               context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        direction = actions.issue_direction(conclusion, by=request.user,
                                            **params.validated_data)
        return Response(ConclusionDirectionSerializer(
            direction, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class InspectionViewSet(ScopedViewSetMixin, *WRITE, viewsets.ReadOnlyModelViewSet):
    """Inspection and supervision teams with findings and recommendations (status open, done
    or overdue)."""

    queryset = Inspection.objects.select_related("unit").prefetch_related(
        "subjects", "findings", "recommendations")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["period_start", "topic", "status", "id"]
    ordering = ["-period_start", "-id"]

    @extend_schema(request=FindingSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        inspection = self.get_object()
        params = FindingSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        finding = actions.add_finding(inspection, by=request.user, **params.validated_data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def recommendations(self, request, pk=None):
        inspection = self.get_object()
        params = RecommendationSerializer(data=request.data,
                                          context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        rec = actions.add_recommendation(inspection, by=request.user, **params.validated_data)
        return Response(RecommendationSerializer(rec).data, status=status.HTTP_201_CREATED)


class FindingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Findings; one can put a matter under monitoring or be registered as information to
    verify (a reflection), keeping the link."""

    queryset = Finding.objects.select_related("inspection__unit")
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering = ["id"]

    @extend_schema(request=OpenMatterSerializer, responses=MatterSerializer)
    @action(detail=True, methods=["post"], url_path="open-matter")
    def open_matter(self, request, pk=None):
        finding = self.get_object()
        params = OpenMatterSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        matter = actions.open_matter(finding, by=request.user, **params.validated_data)
        return Response(MatterSerializer(matter, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=OpenPetitionSerializer, responses=dict)
    @action(detail=True, methods=["post"], url_path="open-petition")
    def open_petition(self, request, pk=None):
        finding = self.get_object()
        params = OpenPetitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        petition = actions.open_information_source(finding, by=request.user,
                                                   **params.validated_data)
        return Response({"id": petition.pk, "subject": petition.subject,
                         "kind": petition.kind, "received_on": petition.received_on},
                        status=status.HTTP_201_CREATED)


class RecommendationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Recommendations; `POST …/follow-up/` records whether one is done."""

    queryset = Recommendation.objects.select_related("inspection__unit")
    serializer_class = RecommendationSerializer
    ordering = ["due_on", "id"]

    @extend_schema(request=FollowUpSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        rec = self.get_object()
        params = FollowUpSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        rec = actions.follow_up(rec, by=request.user, **params.validated_data)
        return Response(RecommendationSerializer(rec).data)


class EmulationTargetViewSet(ScopedViewSetMixin, *WRITE, viewsets.ReadOnlyModelViewSet):
    """Targets registered by the members of an emulation cluster; `GET …/ranking/?cluster=
    &year=` ranks the cluster's units (a province sees every rank, its own figures only)."""

    queryset = EmulationTarget.objects.select_related("unit", "cluster")
    serializer_class = EmulationTargetSerializer
    filterset_class = EmulationTargetFilterSet
    ordering_fields = ["year", "indicator", "target", "id"]
    ordering = ["-year", "unit", "indicator"]

    @extend_schema(
        parameters=[OpenApiParameter("cluster", str, description="cluster code"),
                    OpenApiParameter("year", int)],
        responses=inline_serializer("EmulationRanking", {
            "cluster": serializers.CharField(), "year": serializers.IntegerField(),
            "members": serializers.IntegerField(), "registered": serializers.IntegerField(),
            "cap": serializers.FloatField(),
            "standings": serializers.ListField(child=serializers.DictField()),
        }))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def ranking(self, request):
        code = request.query_params.get("cluster")
        cluster = Cluster.objects.filter(code=code).first() if code else \
            emulation.clusters_of(request.user).first()
        if cluster is None:
            raise ValidationError({"cluster": [_("Unknown cluster.")]})
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            raise ValidationError({"year": [_("Give a year.")]}) from None
        result = emulation.rank_for(cluster, year, request.user)
        rows = []
        for s in result.standings:
            row = {"rank": s.rank, "unit": s.unit.code, "name": s.unit.place,
                   "registered": s.registered}
            if s.visible:
                row["score"] = s.score
                row["targets"] = [{"indicator": ln.code, "target": ln.target,
                                   "achieved": ln.achieved, "ratio": ln.ratio, "note": ln.note}
                                  for ln in s.lines]
            rows.append(row)
        return Response({"cluster": cluster.code, "year": year, "members": result.members,
                         "registered": result.registered, "cap": emulation.CAP,
                         "standings": rows})


class CommitteeDocumentViewSet(ScopedViewSetMixin, *WRITE, viewsets.ReadOnlyModelViewSet):
    queryset = CommitteeDocument.objects.select_related("unit")
    serializer_class = CommitteeDocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["issued_on", "number", "title", "id"]
    ordering = ["-issued_on", "-id"]


class ProjectViewSet(ScopedViewSetMixin, *WRITE, viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.select_related("unit")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["submitted_on", "approved_on", "title", "id"]
    ordering = ["-submitted_on", "-id"]
