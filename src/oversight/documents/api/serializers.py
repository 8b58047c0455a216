from django.urls import reverse
from rest_framework import serializers

from oversight.documents.kinds import KINDS
from oversight.documents.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    """A line of the register. `number` is the number and symbol as printed ("15-TB/BNCTU");
    `sequence` the number alone."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    number = serializers.CharField(source="symbol", read_only=True)
    sequence = serializers.IntegerField(source="number", read_only=True)
    template = serializers.CharField(source="kind", read_only=True)
    template_label = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "unit", "year", "series", "sequence", "number", "issued_on",
                  "template", "template_label", "summary", "signer_name", "signer_position",
                  "recipients", "status", "cancelled_on", "cancel_reason", "replaces",
                  "security_classification", "sealed", "sha256", "record", "download"]
        read_only_fields = fields

    def get_template_label(self, obj) -> str:
        kind = KINDS.get(obj.kind)
        return str(kind.label) if kind else obj.kind

    def get_record(self, obj) -> dict:
        for name in ("petition", "direction", "matter", "meeting"):
            value = getattr(obj, f"{name}_id")
            if value:
                return {"type": name, "id": value}
        return {}

    def get_download(self, obj) -> str:
        request = self.context.get("request")
        url = reverse("api:document-download", args=[obj.pk])
        return request.build_absolute_uri(url) if request else url


class IssueSerializer(serializers.Serializer):
    """`template` names the kind; the fields the kind's template asks for go alongside."""

    template = serializers.CharField(max_length=64)
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer_position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    replaces = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    values = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                                               max_length=4000),
                                   required=False)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
