from rest_framework import viewsets

from oversight.audit.api.serializers import AuditEntrySerializer
from oversight.audit.filtersets import AuditEntryFilterSet
from oversight.audit.models import AuditEntry
from oversight.audit.permissions import IsAuditor
from oversight.audit.redaction import redact


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first: administrators only. Entries are never changed."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    permission_classes = [IsAuditor]
    filterset_class = AuditEntryFilterSet
    ordering_fields = ["id", "at"]
    ordering = ["-id"]

    def filter_queryset(self, queryset):
        """Newest first in the order the search's index gives (`newest_first`), unless the
        client asks for an order (`?ordering=`)."""
        queryset = super().filter_queryset(queryset)
        if "ordering" in self.request.query_params:
            return queryset
        return AuditEntryFilterSet(self.request.query_params, queryset=queryset).newest_first(
            queryset)

    def paginate_queryset(self, queryset):
        """Entries about classified records the reader may not see say only that the record
        changed (see `audit.redaction`)."""
        page = super().paginate_queryset(queryset)
        return None if page is None else redact(page, self.request.user)

    def get_object(self):
        return redact([super().get_object()], self.request.user)[0]
