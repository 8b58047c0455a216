from django import template

from oversight.documents.views import record_panel

register = template.Library()


@register.inclusion_tag("documents/_record_documents.html", takes_context=True)
def record_documents(context, record):
    """The "Documents" card of a record's page: what was issued on it, and what may be."""
    return {**record_panel(context["request"], record), "request": context["request"],
            "csrf_token": context.get("csrf_token")}
