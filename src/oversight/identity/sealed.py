"""The records whose people's identities are sealed: today the petitions.

Identity sits a layer below petitions (petitions seal through it), so it never imports them.
The petitions app names its model here when Django starts (`PetitionsConfig.ready`), and the
key services that must walk the sealed records (a unit's envelopes, re-wrapping, the blind
index) ask `model()` for it. The model has `identity_envelope`, `unit`, `petitioners`,
`anonymous` and a scoped manager (`restrict`).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

_model = None


def register(model) -> None:
    """Called once, from the app that owns the sealed records (petitions), when it is ready."""
    global _model
    _model = model


def model():
    if _model is None:
        raise ImproperlyConfigured("No sealed-record model: oversight.petitions is not installed.")
    return _model
