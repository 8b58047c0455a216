"""Where the reported facts happened: today's provinces, old names mapped to their successor.

The portal lists the 34 provinces and cities of today plus the central commission (for central
agencies). A name typed by the citizen — with or without diacritics, today's or one of the 63
names before the 1 July 2025 merger — is mapped to the unit that handles it today.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.base.vietnamese import ascii_fold
from oversight.units.models import Unit
from oversight.units.provinces import CENTRAL_CODE

PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ", "province of ", "city of ")


def _key(text: str) -> str:
    folded = re.sub(r"[^a-z0-9]+", " ", ascii_fold(text or "").lower()).strip()
    for prefix in PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
    return folded.replace(" ", "")


def current_units() -> list[Unit]:
    """Today's provincial units by name, then the central commission."""
    today = timezone.localdate()
    units = sorted(Unit.objects.provinces().active_on(today), key=lambda u: _key(u.place_vi))
    central = Unit.objects.filter(code=CENTRAL_CODE).first()
    return units + ([central] if central else [])


def choices() -> list[tuple[str, str]]:
    return [(u.code, u.place_vi if u.code != CENTRAL_CODE else _("Central agencies"))
            for u in current_units()]


def successor_today(unit: Unit) -> Unit:
    """Follow the merger: an ended province answers with the unit that took it over."""
    seen = set()
    today = timezone.localdate()
    while unit.valid_to is not None and unit.valid_to < today and unit.pk not in seen:
        seen.add(unit.pk)
        nxt = unit.successors.order_by("pk").first()
        if nxt is None:
            break
        unit = nxt
    return unit


def resolve(text: str) -> tuple[Unit | None, Unit | None]:
    """(today's unit, the old unit the name designated, if any) for a typed province name."""
    key = _key(text)
    if not key:
        return None, None
    for unit in Unit.objects.provinces().order_by("pk"):
        if key in {_key(unit.place_vi), _key(unit.place_en), _key(unit.code)}:
            today_unit = successor_today(unit)
            return today_unit, (unit if today_unit.pk != unit.pk else None)
    return None, None
