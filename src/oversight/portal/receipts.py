"""Receipt codes: 16 random digits, shown once, kept only as an Argon2id hash.

The hash uses one salt for the whole portal (a row of `PortalSecret`), not one per code: the
citizen gives only the code, so the record is found by the hash itself. 10^16 codes times a
memory-hard hash keep a stolen table useless; the online guessing is limited in `limits`.
"""

from __future__ import annotations

import re
import secrets

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings
from django.db import IntegrityError, transaction

from oversight.portal.models import PortalSecret

DIGITS = 16
GROUP = 4


def new_code() -> str:
    """16 digits from the operating system's random source (53 bits of entropy)."""
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def grouped(code: str) -> str:
    """'1234567890123456' → '1234 5678 9012 3456'."""
    return " ".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str) -> str | None:
    """The digits of what the citizen typed (spaces, dashes and dots ignored), or None."""
    digits = re.sub(r"[\s\-.]", "", text or "")
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else None


def _salt() -> bytes:
    row = PortalSecret.objects.order_by("pk").first()
    if row is None:
        try:
            with transaction.atomic():
                row = PortalSecret.objects.create(salt=secrets.token_bytes(16))
        except IntegrityError:  # pragma: no cover - a concurrent first use
            row = PortalSecret.objects.order_by("pk").first()
    return bytes(row.salt)


def digest(code: str) -> str:
    """The stored form of a code: Argon2id, cost from settings.PORTAL_RECEIPT_ARGON2."""
    cost = settings.PORTAL_RECEIPT_ARGON2
    raw = hash_secret_raw(code.encode("ascii"), _salt(), time_cost=cost["time_cost"],
                          memory_cost=cost["memory_cost"], parallelism=cost["parallelism"],
                          hash_len=32, type=Type.ID)
    return raw.hex()
