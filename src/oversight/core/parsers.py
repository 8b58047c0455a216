"""The API's JSON parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]). A module of its own: DRF
reads that setting while `core/api.py` is still being imported."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32


def json_depth_exceeded(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON nests arrays/objects deeper than `limit` (iterative: a deep value
    cannot exhaust the stack here)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit. No request of this API nests deeper than a few
    levels; ~1,000 levels made Python's parser give up with RecursionError (a 500 page, even
    unauthenticated on /api/auth/token/). Too deep is a 400 naming the limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            deep = True
        else:
            deep = json_depth_exceeded(data)
        if deep:
            raise exceptions.ParseError(
                _("JSON nested more than %(limit)d levels deep.") % {"limit": MAX_JSON_DEPTH})
        return data
