from rest_framework import viewsets

from oversight.audit.api.serializers import AuditEntrySerializer
from oversight.audit.filtersets import AuditEntryFilterSet
from oversight.audit.models import AuditEntry
from oversight.audit.permissions import IsAuditor


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first: administrators only. Entries are never changed."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    permission_classes = [IsAuditor]
    filterset_class = AuditEntryFilterSet
    ordering_fields = ["id", "at"]
    ordering = ["-id"]
