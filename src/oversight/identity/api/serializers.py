from django.utils.translation import gettext as _
from rest_framework import serializers

from oversight.core.classification import SecurityClassification, may_classify
from oversight.core.models import AccessGrant
from oversight.identity.models import AccessEvent, DisclosureRequest


def check_may_classify(user, value):
    """Only heads and custodians set a classification other than normal."""
    if value and value != SecurityClassification.NORMAL and not may_classify(user):
        raise serializers.ValidationError(
            _("Only the head or the identity custodian of the unit classifies records."))
    return value


class AccessGrantSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    user_id = serializers.IntegerField(source="user.pk", read_only=True)
    granted_by = serializers.StringRelatedField()

    class Meta:
        model = AccessGrant
        fields = ["user_id", "user", "granted_by", "granted_at"]


class GrantRequestSerializer(serializers.Serializer):
    user = serializers.CharField(help_text="user id or username")


class ClassificationSerializer(serializers.Serializer):
    security_classification = serializers.ChoiceField(choices=SecurityClassification.choices)


class AccessEventSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()
    subject = serializers.StringRelatedField()

    class Meta:
        model = AccessEvent
        fields = ["kind", "by", "subject", "note", "at"]


class DisclosureRequestSerializer(serializers.ModelSerializer):
    requester = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = DisclosureRequest
        fields = ["id", "requester", "reason", "status", "decided_by", "decided_at", "note",
                  "created_at"]
        read_only_fields = ["status", "decided_by", "decided_at", "note", "created_at"]
