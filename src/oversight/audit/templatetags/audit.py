from django import template

from oversight.audit import sentences

register = template.Library()


@register.inclusion_tag("audit/_history.html", takes_context=True)
def audit_history(context, obj, limit=50):
    """The History card of a record's page: who did what to it, newest first, each entry as a
    sentence in the reader's language (audit.sentences), with what the reader may not see
    left out (audit.redaction)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"lines": sentences.history(obj, user, limit=limit)}
