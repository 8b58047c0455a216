from django import template

from oversight.audit.models import AuditEntry

register = template.Library()


@register.inclusion_tag("audit/_history.html")
def audit_history(obj, limit=50):
    """The History card of a record's page: who did what to it, newest first."""
    entries = list(AuditEntry.objects.for_object(obj).order_by("-id")[:limit])
    return {"entries": entries}
