from django import template

from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry

register = template.Library()

# Reads are in the trail only: the record's History card shows what was done to it, not who
# looked at it (issue 13; the views stay searchable by auditors on /audit/).
READS = (Action.VIEW_SENSITIVE, Action.DISCLOSURE)


@register.inclusion_tag("audit/_history.html")
def audit_history(obj, limit=50):
    """The History card of a record's page: who did what to it, newest first."""
    entries = list(AuditEntry.objects.for_object(obj).exclude(action__in=READS)
                   .order_by("-id")[:limit])
    return {"entries": entries}
