"""The intake API: upload a scan (202, read in the background), follow the draft, register it.

    POST /api/intake/scans/               multipart file, unit → 202 {"id", "ids"}
    POST /api/intake/messages/            multipart file (.eml, .msg), unit → 202 {"id"}
    GET  /api/intake/drafts/              the drafts of the caller's scope
    GET  /api/intake/drafts/{id}/         status, text, confidence, proposed, pages
    POST /api/intake/drafts/{id}/register/  the confirmed fields → the petition
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from oversight.core.api import ScopedViewSetMixin
from oversight.core.parsers import JSONParser  # with the nesting limit
from oversight.intake import actions, mail
from oversight.intake.api.serializers import (
    DraftBriefSerializer,
    DraftSerializer,
    MessageUploadSerializer,
    RegisterSerializer,
    ScanUploadSerializer,
)
from oversight.intake.filtersets import DraftFilterSet
from oversight.intake.models import Draft
from oversight.petitions.api.serializers import PetitionSerializer

QUEUED = inline_serializer("DraftQueued", {"id": serializers.IntegerField(),
                                           "ids": serializers.ListField(
                                               child=serializers.IntegerField()),
                                           "status": serializers.CharField()})


class DraftViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Draft.objects.select_related("unit").prefetch_related("pages", "files")
    serializer_class = DraftSerializer
    filterset_class = DraftFilterSet
    ordering_fields = ["created_at", "status", "confidence", "id"]
    ordering = ["-created_at", "-id"]

    def get_serializer_class(self):
        return DraftBriefSerializer if self.action == "list" else DraftSerializer

    @extend_schema(request=RegisterSerializer, responses={201: PetitionSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        draft = self.get_object()
        params = RegisterSerializer(data=request.data, context={"draft": draft,
                                                                "request": request})
        params.is_valid(raise_exception=True)
        petition = actions.register(draft, by=request.user, **params.validated_data)
        return Response(PetitionSerializer(petition, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


def _unit(request, validated):
    return validated.get("unit") or request.user.unit


class ScanViewSet(viewsets.GenericViewSet, mixins.CreateModelMixin):
    """Upload a scan: it is stored encrypted and read by the worker."""

    serializer_class = ScanUploadSerializer
    parser_classes = [MultiPartParser, FormParser]
    queryset = Draft.objects.none()

    @extend_schema(request=ScanUploadSerializer, responses={202: QUEUED})
    def create(self, request, *args, **kwargs):
        params = ScanUploadSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        drafts = actions.receive_scan(by=request.user, unit=_unit(request, params.validated_data),
                                      upload=params.validated_data["file"],
                                      split=params.validated_data["split"])
        return Response({"id": drafts[0].pk, "ids": [d.pk for d in drafts],
                         "status": drafts[0].status}, status=status.HTTP_202_ACCEPTED)


class MessageViewSet(viewsets.GenericViewSet, mixins.CreateModelMixin):
    """Upload an email message (.eml or .msg): one draft; the same message twice is one."""

    serializer_class = MessageUploadSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    queryset = Draft.objects.none()

    @extend_schema(request=MessageUploadSerializer, responses={202: QUEUED, 200: QUEUED})
    def create(self, request, *args, **kwargs):
        params = MessageUploadSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        upload = params.validated_data["file"]
        draft, created = mail.import_message(
            upload.read(), by=request.user, unit=_unit(request, params.validated_data),
            name=upload.name or "")
        return Response({"id": draft.pk, "ids": [draft.pk], "status": draft.status},
                        status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)
