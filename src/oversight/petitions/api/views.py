from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import fields, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from oversight.accounts.models import User
from oversight.audit.sensitive import record_view
from oversight.core.api import AssignSerializer, FieldsMixin, ScopedViewSetMixin, assignee_of
from oversight.core.parsers import JSONParser  # with the nesting limit
from oversight.identity.api.views import AccessListMixin
from oversight.petitions import actions, duplicates
from oversight.petitions.api.serializers import (
    AcceptSerializer,
    AttachmentSerializer,
    ClassifySerializer,
    CorrectFactsSerializer,
    DeadlineChangeSerializer,
    DestroyManySerializer,
    ExtendSerializer,
    GuideSerializer,
    HotspotDetailSerializer,
    HotspotSerializer,
    LinkDuplicateSerializer,
    PetitionBriefSerializer,
    PetitionEventSerializer,
    PetitionListSerializer,
    PetitionSerializer,
    ReasonSerializer,
    ReceptionSerializer,
    ResumeSerializer,
    SettleSerializer,
    SuspendSerializer,
    TerminateSerializer,
    TransferSerializer,
)
from oversight.petitions.filtersets import HotspotFilterSet, PetitionFilterSet, ReceptionFilterSet
from oversight.petitions.models import Hotspot, Petition, Reception
from oversight.units.models import Unit

LIST_COLUMNS = ["id", "unit", "received_on", "channel", "kind", "subject", "petitioners",
                "status", "anonymous", "identity_envelope", "security_classification",
                "signatory_count", "classification", "next_due", "duplicate_of",
                *User.name_columns("assignee"), "version", "transferred_from__unit__code"]


class PetitionViewSet(FieldsMixin, ScopedViewSetMixin, AccessListMixin, mixins.CreateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Petitions with their computed deadlines. Status changes go through the actions below.
    The list shows what a list needs (PetitionListSerializer); `?fields=` trims any read."""

    # `transfers` is read by transfer_progress itself, through restrict(user, FOLLOW) (the
    # sender follows the receiver's record, which a VIEW prefetch would leave out).
    queryset = Petition.objects.select_related("unit", "assignee", "transferred_from__unit")
    serializer_class = PetitionSerializer
    list_serializer_class = PetitionListSerializer
    filterset_class = PetitionFilterSet
    ordering_fields = ["received_on", "next_due", "processing_due", "settlement_due",
                       "status", "id"]
    ordering = ["-received_on", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":  # the list's columns only, `overdue` computed in SQL
            queryset = (queryset.select_related(None)
                        .select_related("assignee", "transferred_from__unit")
                        .prefetch_related(None).only(*LIST_COLUMNS)
                        .annotate(unit_code=Unit.code_of("unit_id"), overdue=ExpressionWrapper(
                            Q(next_due__lt=timezone.localdate()),
                            output_field=BooleanField())))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record_view(request, self.get_object())
        return response

    def _run(self, request, params_class, func):
        petition = self.get_object()
        params = params_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        result = func(petition, by=request.user, expected_version=values.pop("version", None),
                      **values)
        if isinstance(result, tuple):
            result = result[0]
        return Response(PetitionSerializer(result, context=self.get_serializer_context()).data)

    @extend_schema(responses=PetitionEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        petition = self.get_object()
        events = petition.events.select_related("by").order_by("-on", "-at", "-id")
        page = self.paginate_queryset(events)
        return self.get_paginated_response(PetitionEventSerializer(page, many=True).data)

    @extend_schema(request=ClassifySerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        return self._run(request, ClassifySerializer, actions.classify)

    @extend_schema(request=AcceptSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._run(request, AcceptSerializer, actions.accept)

    @extend_schema(request=ReasonSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"], url_path="not-accept")
    def not_accept(self, request, pk=None):
        return self._run(request, ReasonSerializer, actions.not_accept)

    @extend_schema(request=TransferSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._run(request, TransferSerializer, actions.transfer)

    @extend_schema(request=GuideSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def guide(self, request, pk=None):
        return self._run(request, GuideSerializer, actions.guide)

    @extend_schema(request=ReasonSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file_petition(self, request, pk=None):
        return self._run(request, ReasonSerializer, actions.file)

    @extend_schema(request=AssignSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign to an officer of the petition's unit: `{"assignee": "<username>"}` (`me`;
        empty for nobody). Someone outside the unit is refused naming `assignee`."""
        petition = self.get_object()
        assignee, version = assignee_of(request)
        petition = actions.assign(petition, by=request.user, assignee=assignee,
                                  expected_version=version)
        return Response(PetitionSerializer(petition,
                                           context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        return self._run(request, ReasonSerializer, actions.urge)

    @extend_schema(request=AcceptSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"], url_path="begin-settlement")
    def begin_settlement(self, request, pk=None):
        return self._run(request, AcceptSerializer, actions.begin_settlement)

    @extend_schema(request=SettleSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        return self._run(request, SettleSerializer, actions.settle)

    @extend_schema(request=ExtendSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._run(request, ExtendSerializer, actions.extend)

    @extend_schema(request=SuspendSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend the settlement (`on`, `reason`, `basis`): the days until resumption are not
        counted; meanwhile the petition is not overdue."""
        return self._run(request, SuspendSerializer, actions.suspend)

    @extend_schema(request=ResumeSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._run(request, ResumeSerializer, actions.resume)

    @extend_schema(request=TerminateSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        """Terminate the settlement (đình chỉ): outcome `terminated` with its reason."""
        return self._run(request, TerminateSerializer, actions.terminate)

    @extend_schema(request=CorrectFactsSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct the complexity, remote area, several locations or complaint round recorded
        at intake (with a `reason`): the deadlines are computed again and an event says so."""
        return self._run(request, CorrectFactsSerializer, actions.correct_facts)

    @extend_schema(responses=DeadlineChangeSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="deadline-history")
    def deadline_history(self, request, pk=None):
        petition = self.get_object()
        page = self.paginate_queryset(petition.deadline_changes.order_by("on", "id"))
        return self.get_paginated_response(DeadlineChangeSerializer(page, many=True).data)

    @extend_schema(request=LinkDuplicateSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"], url_path="link-duplicate")
    def link_duplicate(self, request, pk=None):
        return self._run(request, LinkDuplicateSerializer, actions.link_duplicate)

    @extend_schema(responses=PetitionBriefSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="duplicate-candidates",
            pagination_class=None)
    def duplicate_candidates(self, request, pk=None):
        petition = self.get_object()
        # From what was registered, never typed values; where a protected identity is
        # involved a non-custodian gets only "possible", with no score (issue 13).
        found = duplicates.for_viewer(duplicates.candidates(
            self.get_queryset(), petitioners=petition.petitioners, content=petition.content,
            subject=petition.subject, exclude_pk=petition.pk, today=petition.received_on,
        ), request.user, petition)
        return Response([
            {**PetitionBriefSerializer(p).data,
             "score": None if score is None else round(score, 3), "reason": reason}
            for p, score, reason in found
        ])

    @extend_schema(methods=["get"], responses=AttachmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attachments(self, request, pk=None):
        petition = self.get_object()
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": [_("Choose a file.")]})
            identifying = None
            if "identifying" in request.data:
                try:
                    identifying = fields.BooleanField().run_validation(
                        request.data.get("identifying"))
                except ValidationError as error:
                    raise ValidationError({"identifying": error.detail}) from error
            attachment = actions.add_attachment(petition, by=request.user, upload=upload,
                                                identifying=identifying)
            return Response(AttachmentSerializer(attachment, context={"request": request}).data,
                            status=status.HTTP_201_CREATED)
        return Response(AttachmentSerializer(petition.attachments.all(), many=True,
                                             context={"request": request}).data)

    @extend_schema(responses=PetitionBriefSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="due-for-destruction")
    def due_for_destruction(self, request):
        qs = self.filter_queryset(self.get_queryset()).due_for_destruction()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PetitionBriefSerializer(page, many=True).data)

    @extend_schema(request=DestroyManySerializer)
    @action(detail=False, methods=["post"], url_path="record-destruction")
    def record_destruction(self, request):
        params = DestroyManySerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        petitions = list(dict.fromkeys(params.validated_data["petitions"]))
        n = actions.record_destruction(petitions, by=request.user,
                                       decision=params.validated_data["decision"],
                                       on=params.validated_data.get("on"))
        return Response({"destroyed": n})


class ReceptionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin,
                       viewsets.ReadOnlyModelViewSet):
    queryset = Reception.objects.select_related("unit", "hotspot").prefetch_related("petitions")
    serializer_class = ReceptionSerializer
    filterset_class = ReceptionFilterSet
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]


class HotspotViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    queryset = Hotspot.objects.select_related("unit").annotate(
        petition_total=Count("petitions", distinct=True),
        reception_total=Count("receptions", distinct=True))
    serializer_class = HotspotSerializer
    filterset_class = HotspotFilterSet
    ordering_fields = ["started_on", "name", "id"]
    ordering = ["-started_on", "-id"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return HotspotDetailSerializer
        return HotspotSerializer
