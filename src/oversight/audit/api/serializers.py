from rest_framework import serializers

from oversight.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "user_id", "username", "address", "action", "object_type",
                  "object_id", "object_repr", "unit_id", "changes", "detail", "prev_hash",
                  "hash"]
        read_only_fields = fields
