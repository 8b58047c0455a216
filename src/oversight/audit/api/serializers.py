from rest_framework import serializers

from oversight.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    redacted = serializers.SerializerMethodField(
        help_text="true when the entry is about a classified record the reader may not see: "
                  "object_repr, changes and detail are then empty (the hash covers the "
                  "stored values)")

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "user_id", "username", "address", "action", "object_type",
                  "object_id", "object_repr", "unit_id", "changes", "detail", "redacted",
                  "prev_hash", "hash"]
        read_only_fields = fields

    def get_redacted(self, obj) -> bool:
        return bool(getattr(obj, "redacted", False))
