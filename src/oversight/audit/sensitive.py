"""Views of protected records are audited (`view_sensitive`).

A record is protected when its security classification (a `security_classification`,
`secrecy` or `classification` attribute, as the need-to-know work defines it) is confidential
or secret, and — until that work lands — every denunciation (the denouncer's identity is a
state secret, Law on Denunciations arts. 9, 47).
"""

from __future__ import annotations

from oversight.audit.choices import Action

PROTECTED_LEVELS = frozenset({"confidential", "secret", "top_secret"})
CLASSIFICATION_ATTRIBUTES = ("security_classification", "secrecy", "classification")


def is_sensitive(obj) -> bool:
    for attr in CLASSIFICATION_ATTRIBUTES:
        if str(getattr(obj, attr, "") or "").lower() in PROTECTED_LEVELS:
            return True
    return obj._meta.label_lower == "petitions.petition" and obj.kind == "denunciation"


def record_view(request, obj, *, force: bool = False):
    """Call from a detail page or API retrieve: writes an entry when `obj` is protected."""
    if force or is_sensitive(obj):
        from oversight.audit.writer import record

        return record(Action.VIEW_SENSITIVE, obj, request=request,
                      detail={"path": request.path})
    return None
