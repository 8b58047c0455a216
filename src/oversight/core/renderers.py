"""The API's JSON written by orjson: the answer DRF's `JSONRenderer` gives, at C speed.

DRF writes JSON with the standard library's encoder and a Python `default` for what JSON
lacks (dates, decimals, lazy translations); for a list of 50 petitions (24 KB) that was 0.20
ms of the request's 3.9 ms of CPU, orjson writes the same bytes in 0.012 ms (issue 17).

The same answer, not another dialect. orjson is asked only under DRF's default settings
(compact, UTF-8, strict) and when no indentation is asked for, with:

- `OPT_PASSTHROUGH_DATETIME` and `OPT_PASSTHROUGH_DATACLASS`: dates, times and dataclasses go
  to DRF's own encoder (`encoders.JSONEncoder.default`), which writes a UTC time with `Z`
  and refuses a dataclass, as before;
- `OPT_PASSTHROUGH_SUBCLASS`: a subclass of str, int, list or dict (a choice, an ordered
  dict) is written as the standard library writes it — its text, its number, its items in
  the order `items()` gives;
- U+2028 and U+2029 escaped afterwards, as DRF does (JSON that is also JavaScript).

Whatever orjson refuses — an integer beyond 64 bits, a key that is not text, a text with a
lone surrogate, a type neither knows — is written by DRF's renderer itself, so its answer or
its error is DRF's. Two differences remain, both in values DRF's encoder would write as
other text of the same JSON number or refuse: a float with an exponent (`1e+16` there, `1e16`
here), and a NaN or an infinity (DRF's strict mode raised; orjson writes `null`).
tests/core/test_renderers.py compares both on random data, byte for byte.
"""

from __future__ import annotations

import orjson
from rest_framework import renderers
from rest_framework.utils import encoders

_OPTIONS = (orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_PASSTHROUGH_SUBCLASS)
_DRF_DEFAULT = encoders.JSONEncoder().default


def _default(value):
    """What orjson passes through: a subclass of a JSON type as the standard library reads
    it (the underlying text or number, a sequence's iteration, a mapping's `items()`),
    anything else as DRF's encoder writes it."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value.items())
    return _DRF_DEFAULT(value)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer with orjson writing the bytes (the module's text)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if (data is None or self.ensure_ascii or not self.compact or not self.strict
                or self.encoder_class is not encoders.JSONEncoder
                or self.get_indent(accepted_media_type, renderer_context or {}) is not None):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            written = orjson.dumps(data, default=_default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        if b"\xe2\x80\xa8" in written or b"\xe2\x80\xa9" in written:
            written = written.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
                b"\xe2\x80\xa9", b"\\u2029")
        return written
