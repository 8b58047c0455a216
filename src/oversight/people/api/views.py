"""REST API of the people registry, the review queue, link runs and personnel appraisal.

Scope is the web views': persons, organisations, appraisals and pairs to review go through
`.restrict(user)` (another unit's record answers 404); link runs carry counts only and are
shown to every signed-in user, but only a head of unit or an administrator starts one.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from oversight.core.api import ScopedViewSetMixin
from oversight.core.scoping import VIEW, hidden_count
from oversight.people import actions, dossier
from oversight.people.api.serializers import (
    AppraisalSerializer,
    DecideSerializer,
    DossierSerializer,
    LinkCandidateSerializer,
    LinkDecisionSerializer,
    LinkRunSerializer,
    MentionSerializer,
    OrganisationDetailSerializer,
    OrganisationSerializer,
    PersonSerializer,
)
from oversight.people.choices import LinkStatus
from oversight.people.filtersets import AppraisalFilterSet, OrganisationFilterSet, PersonFilterSet
from oversight.people.models import (
    Appraisal,
    LinkCandidate,
    LinkRun,
    Mention,
    Organisation,
    OrganisationRole,
    Person,
    Relation,
)

Q_PARAM = OpenApiParameter("q", OpenApiTypes.STR, description=(
    "Search on the folded name (accents and case ignored); six digits or more also match "
    "CCCD, CMND or the end of a phone number."))


@extend_schema_view(list=extend_schema(parameters=[Q_PARAM]))
class PersonViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Persons of the registry visible to the caller (registered by, or mentioned in a record
    of, a unit in their scope)."""

    queryset = Person.objects.select_related("unit").prefetch_related(
        "positions",
        Prefetch("org_roles", OrganisationRole.objects.select_related("organisation")),
        Prefetch("relations_out", Relation.objects.select_related("other")),
        Prefetch("relations_in", Relation.objects.select_related("person")),
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name_key", "birth_year", "id"]
    ordering = ["name_key", "id"]

    @extend_schema(responses=MentionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def mentions(self, request, pk=None):
        """The person's mentions in records the caller may see; `hidden` counts those of the
        caller's own unit they may not see (never another unit's, never which)."""
        person = self.get_object()
        every = Mention.objects.filter(person=person)
        visible = every.restrict(request.user, VIEW).select_related(
            "unit", "defendant").order_by("id")
        page = self.paginate_queryset(visible)
        response = self.get_paginated_response(MentionSerializer(page, many=True).data)
        response.data["hidden"] = hidden_count(request.user, every)
        return response

    @extend_schema(responses=DossierSerializer)
    @action(detail=True, methods=["get"])
    def dossier(self, request, pk=None):
        """The nominee's dossier: sections of items with their sources, counts of records
        outside the caller's access, and the conflict-of-interest flags."""
        person = self.get_object()
        return Response(DossierSerializer(dossier.build(person, request.user)).data)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter(
    "q", OpenApiTypes.STR, description="Folded name, or the exact tax code.")]))
class OrganisationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations with the roles persons hold in them."""

    queryset = Organisation.objects.select_related("unit").prefetch_related(
        Prefetch("roles", OrganisationRole.objects.select_related("person")))
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name_key", "tax_code", "id"]
    ordering = ["name_key", "id"]

    def get_serializer_class(self):
        return OrganisationDetailSerializer if self.action == "retrieve" else \
            OrganisationSerializer



@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter(
    "status", OpenApiTypes.STR, enum=list(LinkStatus.values),
    description="Defaults to `pending` (the queue).")]))
class LinkCandidateViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Pairs of mentions waiting for review, the two side by side with Splink's match weights.
    A pair is shown only to whoever may see both records."""

    queryset = LinkCandidate.objects.select_related(
        "left__unit", "right__unit", "left__defendant", "right__defendant").prefetch_related(
        "decisions__by")
    serializer_class = LinkCandidateSerializer
    ordering_fields = ["match_probability", "created_at", "id"]
    ordering = ["-match_probability", "id"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            wanted = self.request.query_params.get("status") or LinkStatus.PENDING
            if wanted not in LinkStatus.values:
                raise exceptions.ValidationError(
                    {"status": [f"Choose one of {', '.join(LinkStatus.values)}."]})
            qs = qs.filter(status=wanted)
        return qs

    @extend_schema(request=DecideSerializer, responses=LinkDecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Accept (one person) or reject (kept apart, in later runs too) the link."""
        candidate = self.get_object()
        params = DecideSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        decision = actions.decide(candidate, accepted=params.validated_data["decision"] ==
                                  "accept", by=request.user, note=params.validated_data["note"])
        return Response(LinkDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class LinkRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Full re-links of the registry and their progress. `POST` (no body) queues one; only a
    head of unit or an administrator may."""

    queryset = LinkRun.objects.select_related("job__created_by")
    serializer_class = LinkRunSerializer
    ordering_fields = ["id"]
    ordering = ["-id"]

    @extend_schema(request=None, responses={201: LinkRunSerializer})
    def create(self, request, *args, **kwargs):
        if not actions.may_relink(request.user):
            raise exceptions.PermissionDenied(
                "Only a head of unit or an administrator may re-link.")
        run = actions.start_relink(by=request.user)
        return Response(LinkRunSerializer(run).data, status=status.HTTP_201_CREATED)


class AppraisalViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                       viewsets.ReadOnlyModelViewSet):
    """Personnel appraisals. Nominees are person ids; the appraising unit is the caller's."""

    queryset = Appraisal.objects.select_related("unit").prefetch_related("nominees")
    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilterSet
    ordering_fields = ["due_on", "received_on", "id"]
    ordering = ["due_on", "id"]
