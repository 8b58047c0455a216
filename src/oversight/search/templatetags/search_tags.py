from django import template

from oversight.search.index import highlight

register = template.Library()


@register.filter(name="highlight")
def highlight_filter(text, query):
    """The words of `text` that the search matched, in <mark> (the rest escaped)."""
    return highlight(str(text or ""), str(query or ""))
