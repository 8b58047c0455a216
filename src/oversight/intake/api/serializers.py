from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.core.api import scoped_many
from oversight.intake.models import Draft, DraftFile, DraftPage
from oversight.intake.reading import contact
from oversight.petitions.api.serializers import PetitionerSerializer, RespondentSerializer
from oversight.petitions.choices import Channel, PetitionKind
from oversight.units.api.serializers import UnitField


class ScanUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    unit = UnitField(required=False)
    split = serializers.BooleanField(
        required=False, default=False,
        help_text="Several petitions in the file, separated by blank pages: one draft each.")


class MessageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An email message: .eml or Outlook .msg.")
    unit = UnitField(required=False)


class DraftPageSerializer(serializers.ModelSerializer):
    file = serializers.IntegerField(source="file_id")

    class Meta:
        model = DraftPage
        fields = ["file", "number", "confidence", "needs_check", "text"]


class DraftFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = DraftFile
        fields = ["id", "role", "original_name", "mime", "size", "read"]


class DraftSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True)
    pages = scoped_many(DraftPageSerializer, read_only=True)
    files = scoped_many(DraftFileSerializer, read_only=True)
    petition = serializers.PrimaryKeyRelatedField(read_only=True)
    proposed = serializers.JSONField(read_only=True)

    class Meta:
        model = Draft
        fields = ["id", "unit", "source", "status", "title", "text", "confidence", "proposed",
                  "pages", "files", "sender_email", "refused_files", "error", "petition",
                  "job", "created_at", "updated_at"]
        read_only_fields = fields


class DraftBriefSerializer(serializers.ModelSerializer):
    unit = UnitField(read_only=True)

    class Meta:
        model = Draft
        fields = ["id", "unit", "source", "status", "title", "confidence", "petition",
                  "created_at"]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    """The officer's confirmed (or corrected) fields; a field left out takes the draft's
    proposal."""

    kind = serializers.ChoiceField(choices=PetitionKind.choices, required=False)
    subject = serializers.CharField(max_length=300, required=False)
    content = serializers.CharField(required=False)
    received_on = serializers.DateField(required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    petitioner = PetitionerSerializer(required=False)
    anonymous = serializers.BooleanField(required=False, default=False)
    protection_requested = serializers.BooleanField(required=False, default=False)
    respondents = RespondentSerializer(many=True, required=False)

    def validate(self, attrs):
        draft = self.context["draft"]
        proposed = draft.proposed or {}
        attrs.setdefault("kind", proposed.get("kind") or "")
        if attrs["kind"] not in PetitionKind.values:
            raise serializers.ValidationError({"kind": [_("Choose the kind of petition.")]})
        attrs.setdefault("subject", proposed.get("subject") or "")
        if not attrs["subject"].strip():
            raise serializers.ValidationError({"subject": [_("This field is required.")]})
        attrs.setdefault("content", draft.text)
        if not attrs["content"].strip():
            raise serializers.ValidationError({"content": [_("This field is required.")]})
        if "petitioner" not in attrs and not attrs["anonymous"]:
            sender = proposed.get("sender") or {}
            if (sender.get("name") or "").strip():
                attrs["petitioner"] = contact(sender)
        if "respondents" not in attrs:
            attrs["respondents"] = [
                {k: (r.get(k) or "")[:200] for k in ("name", "position", "unit")}
                for r in proposed.get("respondents", []) if (r.get("name") or "").strip()]
        return attrs
