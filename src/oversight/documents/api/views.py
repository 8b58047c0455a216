"""GET /api/documents/?unit=&year= (the register), a document, its cancellation and its file;
GET/POST /api/{petitions,directions,matters,meetings}/{id}/documents/ to list and issue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight.core.api import ScopedViewSetMixin
from oversight.core.rendering import CONTENT_TYPES
from oversight.core.scoping import CHANGE, VIEW, can
from oversight.documents import actions, kinds, sealing
from oversight.documents.api.serializers import (
    CancelSerializer,
    DocumentSerializer,
    IssueSerializer,
)
from oversight.documents.filtersets import DocumentFilterSet
from oversight.documents.models import Document
from oversight.documents.views import file_response, get_record

ISSUE_KEYS = {"template", "signer_name", "signer_position", "replaces", "values"}


class DocumentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """The register of outgoing documents; filter with `unit` (code) and `year`."""

    queryset = Document.objects.select_related("unit")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["number", "issued_on", "year", "id"]
    ordering = ["unit", "year", "series", "number"]

    @extend_schema(request=CancelSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        document = self.get_object()
        params = CancelSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        document = actions.cancel(document, by=request.user, reason=params.validated_data["reason"])
        return Response(DocumentSerializer(document, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("type", str, enum=["pdf", "docx"])],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request, pk=None):
        document = self.get_object()
        fmt = request.query_params.get("type", "pdf")
        if fmt not in ("pdf", "docx"):
            raise ValidationError({"type": ["Use pdf or docx."]})
        response = file_response(request._request, document, fmt)
        if response.status_code == 503:  # LibreOffice missing or failing: JSON, like any error
            return Response({"detail": response.content.decode()}, status=503)
        return response


class RecordDocumentsView(APIView):
    """The documents issued on a record (GET) and issuing one (POST)."""

    record_type = ""

    def _record(self, request, pk):
        return get_record(request.user, self.record_type, pk)

    @extend_schema(responses=DocumentSerializer(many=True))
    def get(self, request, pk):
        record = self._record(request, pk)
        documents = Document.objects.restrict(request.user, VIEW).filter(
            **{self.record_type: record}).order_by("year", "series", "number")
        return Response(DocumentSerializer(documents, many=True,
                                           context={"request": request}).data)

    @extend_schema(request=IssueSerializer, responses={201: inline_serializer("IssuedDocument", {
        "id": serializers.IntegerField(), "number": serializers.CharField(),
        "issued_on": serializers.DateField(), "template": serializers.CharField(),
        "download": serializers.CharField(), "document": DocumentSerializer()})})
    def post(self, request, pk):
        record = self._record(request, pk)
        if not can(request.user, CHANGE, record):
            raise PermissionDenied
        data = request.data if isinstance(request.data, dict) else {}
        # The template's own fields may come at the top level or under "values".
        values = dict(data.get("values") or {}) if isinstance(data.get("values"), dict) else {}
        kind = kinds.get(str(data.get("template", "")))
        if kind is not None:
            for f in kind.fields:
                if f.name in data and f.name not in ISSUE_KEYS:
                    values[f.name] = data[f.name]
        unknown = set(data) - ISSUE_KEYS - {f.name for f in (kind.fields if kind else ())}
        if unknown:
            raise ValidationError({name: ["This document takes no such field."]
                                   for name in sorted(unknown)})
        params = IssueSerializer(data={k: v for k, v in data.items() if k in ISSUE_KEYS
                                       and k != "values"} | {"values": values})
        params.is_valid(raise_exception=True)
        p = params.validated_data
        replaces = None
        if p.get("replaces"):
            replaces = Document.objects.restrict(request.user, CHANGE).filter(
                pk=p["replaces"]).first()
            if replaces is None:
                raise ValidationError({"replaces": ["No such document."]})
        identity = None
        if (self.record_type == "petition" and kind is not None and kind.to_petitioner
                and record.identity_protected):
            identity = sealing.opened(request, record)
        document = actions.issue(record, by=request.user, template=p["template"],
                                 values=p.get("values") or {}, replaces=replaces,
                                 identity=identity, signer_name=p.get("signer_name", ""),
                                 signer_position=p.get("signer_position", ""))
        body = DocumentSerializer(document, context={"request": request}).data
        return Response({"id": document.pk, "number": document.symbol,
                         "issued_on": document.issued_on, "template": document.kind,
                         "download": body["download"], "document": body},
                        status=status.HTTP_201_CREATED)


def record_documents_view(record_type: str):
    return type(f"{record_type.title()}DocumentsView", (RecordDocumentsView,),
                {"record_type": record_type}).as_view()
