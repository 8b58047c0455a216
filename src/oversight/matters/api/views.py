from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from oversight.accounts.models import User
from oversight.audit.sensitive import parent_classification, record_view
from oversight.core.api import AssignSerializer, FieldsMixin, ScopedViewSetMixin, assignee_of
from oversight.core.parties import with_parent_visible
from oversight.identity.api.views import AccessListMixin
from oversight.matters import actions, replies
from oversight.matters.api.serializers import (
    CompleteSerializer,
    DefendantSerializer,
    DirectionEventSerializer,
    DirectionListSerializer,
    DirectionSerializer,
    ExtensionAskSerializer,
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    MatterEventSerializer,
    MatterListSerializer,
    MatterSerializer,
    ReminderSerializer,
    ReplySerializer,
    StageMoveSerializer,
    UrgeSerializer,
)
from oversight.matters.filtersets import DirectionFilterSet, MatterFilterSet
from oversight.matters.models import Direction, Matter
from oversight.units.models import Unit

# What a list reads of a row's related records (issue 17): an assignee's name (`str(user)`)
# and username, not the other columns of every user, which Django compiled into each page's
# query and read into each instance; a unit's code by itself, with the row (`Unit.code_of`).
ASSIGNEE_COLUMNS = User.name_columns("assignee")


def list_columns(model, without: tuple[str, ...], related: tuple[str, ...]) -> list[str]:
    """The row's own columns less `without`, and these columns of related records."""
    own = [f.name for f in model._meta.concrete_fields if f.name not in without]
    return own + list(related)


MATTER_LIST_COLUMNS = list_columns(Matter, ("summary",), ASSIGNEE_COLUMNS)
DIRECTION_LIST_COLUMNS = list_columns(Direction, ("reply",), ASSIGNEE_COLUMNS)


class MatterViewSet(FieldsMixin, ScopedViewSetMixin, AccessListMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Matters under monitoring. `PATCH` may change `stage` only along the allowed moves.
    The list shows what a list needs (MatterListSerializer); `?fields=` trims any read."""

    queryset = Matter.objects.select_related("responsible_unit", "assignee"
                                             ).with_defendant_count()
    serializer_class = MatterSerializer
    list_serializer_class = MatterListSerializer
    filterset_class = MatterFilterSet
    ordering_fields = ["monitored_from", "completed_on", "title", "stage", "loss_amount", "id"]
    ordering = ["-monitored_from", "-id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":  # no criteria or agencies, no summary
            return (queryset.select_related(None).select_related("assignee")
                    .only(*MATTER_LIST_COLUMNS)
                    .annotate(responsible_unit_code=Unit.code_of("responsible_unit_id")))
        # prefetched after restrict(), which scopes them (a list does not pay for that)
        return queryset.prefetch_related("criteria", "agencies")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record_view(request, self.get_object())
        return response

    @extend_schema(responses=MatterEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        matter = self.get_object()
        events = matter.events.select_related("by").order_by("-on", "-at", "-id")
        page = self.paginate_queryset(events)
        return self.get_paginated_response(MatterEventSerializer(page, many=True).data)

    @extend_schema(request=AssignSerializer, responses=MatterSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign to an officer of the responsible unit: `{"assignee": "<username>"}`."""
        matter = self.get_object()
        assignee, version = assignee_of(request)
        matter = actions.assign_matter(matter, by=request.user, assignee=assignee,
                                       expected_version=version)
        return Response(MatterSerializer(matter, context=self.get_serializer_context()).data)

    @extend_schema(request=StageMoveSerializer, responses=MatterSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        matter = self.get_object()
        params = StageMoveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        matter = actions.move_stage(matter, params.validated_data["stage"], by=request.user,
                                    on=params.validated_data.get("on"),
                                    note=params.validated_data["note"])
        return Response(MatterSerializer(matter, context=self.get_serializer_context()).data)

    @extend_schema(request=CompleteSerializer, responses=MatterSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        matter = self.get_object()
        params = CompleteSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        matter = actions.complete(matter, by=request.user, **params.validated_data)
        return Response(MatterSerializer(matter, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], responses=DefendantSerializer(many=True))
    @extend_schema(methods=["post"], request=DefendantSerializer, responses=DefendantSerializer)
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def defendants(self, request, pk=None):
        matter = self.get_object()
        if request.method == "POST":
            params = DefendantSerializer(data=request.data)
            params.is_valid(raise_exception=True)
            defendant = actions.add_defendant(matter, by=request.user, **params.validated_data)
            return Response(DefendantSerializer(defendant).data, status=status.HTTP_201_CREATED)
        return Response(DefendantSerializer(matter.defendants.all(), many=True).data)


class DirectionViewSet(FieldsMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Directions with deadlines. `status` is `open`, `done`, or `overdue` (computed).
    The list shows what a list needs (DirectionListSerializer); `?fields=` trims any read."""

    queryset = Direction.objects.select_related("unit", "addressee", "matter", "assignee")
    serializer_class = DirectionSerializer
    list_serializer_class = DirectionListSerializer
    filterset_class = DirectionFilterSet
    ordering_fields = ["due_on", "issued_on", "id"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":  # status and counts in the query; no reply, no reminders
            queryset = (queryset.select_related(None).select_related("assignee")
                        .only(*DIRECTION_LIST_COLUMNS)
                        .annotate(unit_code=Unit.code_of("unit_id"),
                                  addressee_code=Unit.code_of("addressee_id"))
                        .with_status().with_reminder_count()
                        # the audit's check of protected rows reads it from the row
                        .annotate(**parent_classification(Direction, "matter")))
        else:  # prefetched after restrict(), which scopes them (a list does not pay for that)
            queryset = queryset.prefetch_related(
                "reminders__by", "extension_requests__requested_by",
                "extension_requests__decided_by")
        return with_parent_visible(queryset, self.request.user, "matter")

    @extend_schema(request=UrgeSerializer, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        direction = self.get_object()
        params = UrgeSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        reminder = actions.urge_direction(direction, by=request.user, **params.validated_data)
        return Response(ReminderSerializer(reminder).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=DirectionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign the follow-up to an officer of the issuing unit: `{"assignee": "<username>"}`."""
        direction = self.get_object()
        assignee, _version = assignee_of(request)
        direction = actions.assign_direction(direction, by=request.user, assignee=assignee)
        direction = self.get_queryset().get(pk=direction.pk)
        return Response(DirectionSerializer(direction,
                                            context=self.get_serializer_context()).data)

    def _party_object(self, side_of: str):
        """The direction as the caller may see it (404 otherwise), without the issuer's CHANGE
        check: the parties' actions check their own side (matters.replies); the wrong side is
        a 403 that says whose action it is."""
        direction = super(ScopedViewSetMixin, self).get_object()
        found = replies.refusal(self.request.user, direction, side_of)
        if found is not None and found.forbidden:
            raise exceptions.PermissionDenied(found.message)
        return direction

    @extend_schema(responses=DirectionEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        """The direction's history, oldest first: both parties see it."""
        direction = self.get_object()
        events = direction.events.select_related("by", "by_unit")
        page = self.paginate_queryset(events)
        return self.get_paginated_response(DirectionEventSerializer(page, many=True).data)

    @extend_schema(request=ReplySerializer, responses=DirectionSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The addressee (or its successor) reports; `done: true` reports it carried out."""
        direction = self._party_object(replies.REPLY)
        params = ReplySerializer(data=request.data)
        params.is_valid(raise_exception=True)
        direction = replies.reply(direction, by=request.user, **params.validated_data)
        return Response(self._fresh(direction))

    @extend_schema(request=ExtensionAskSerializer, responses=ExtensionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="request-extension",
            url_name="request-extension")
    def request_extension(self, request, pk=None):
        """The addressee asks for more time; the issuer decides (`decide-extension`)."""
        direction = self._party_object(replies.REQUEST_EXTENSION)
        params = ExtensionAskSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        asked = replies.request_extension(direction, by=request.user, **params.validated_data)
        return Response(ExtensionRequestSerializer(asked).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses=ExtensionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="decide-extension",
            url_name="decide-extension")
    def decide_extension(self, request, pk=None):
        """The issuer grants or refuses the request for more time that awaits a decision."""
        direction = self._party_object(replies.DECIDE_EXTENSION)
        params = ExtensionDecisionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        decided = replies.decide_extension(direction, by=request.user, **params.validated_data)
        return Response(ExtensionRequestSerializer(decided).data)

    def _fresh(self, direction):
        direction = self.get_queryset().get(pk=direction.pk)
        return DirectionSerializer(direction, context=self.get_serializer_context()).data
