"""A proof of work computed in the browser, with a fallback that waits.

The form carries a signed challenge (a random nonce, the time it was issued and the number of
leading zero bits wanted). The browser (static/portal/pow.js) finds a number n such that
SHA-256("<challenge>:<n>") starts with that many zero bits and sends it with the form. Without
JavaScript the form is accepted once PORTAL_NOJS_WAIT seconds have passed since it was issued.
A challenge serves one submission (`SpentChallenge`) and expires after PORTAL_POW_MAX_AGE.
No third-party service is involved.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction

from oversight.portal.models import SpentChallenge

SALT = "oversight.portal.pow"


@dataclass(frozen=True)
class Verdict:
    ok: bool
    proof: bool = False  # passed by the proof of work (not by waiting)
    wait: int = 0  # seconds still to wait (no proof given)
    reason: str = ""  # "bad", "expired", "spent", "early"


def issue(now: float | None = None) -> str:
    payload = {"n": secrets.token_hex(12), "t": int(now if now is not None else time.time()),
               "d": int(settings.PORTAL_POW_BITS)}
    return signing.dumps(payload, salt=SALT, compress=False)


def leading_zero_bits(data: bytes) -> int:
    bits = 0
    for byte in data:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solves(challenge: str, solution: str, bits: int) -> bool:
    if not solution or len(solution) > 20 or not (solution.isascii() and solution.isdigit()):
        return False
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def solve(challenge: str) -> str:
    """What the browser does (for tests and command-line clients)."""
    bits = signing.loads(challenge, salt=SALT)["d"]
    n = 0
    while not solves(challenge, str(n), bits):
        n += 1
    return str(n)


def check(challenge: str, solution: str = "", now: float | None = None) -> Verdict:
    """Whether this form may be accepted; does not spend the challenge (see `spend`)."""
    now = now if now is not None else time.time()
    try:
        payload = signing.loads(challenge or "", salt=SALT)
        nonce, issued, bits = str(payload["n"]), int(payload["t"]), int(payload["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Verdict(False, reason="bad")
    if now - issued > settings.PORTAL_POW_MAX_AGE:
        return Verdict(False, reason="expired")
    if SpentChallenge.objects.filter(nonce=nonce).exists():
        return Verdict(False, reason="spent")
    if solves(challenge, solution, bits):
        return Verdict(True, proof=True)
    waited = now - issued
    if waited >= settings.PORTAL_NOJS_WAIT:
        return Verdict(True)
    return Verdict(False, wait=int(settings.PORTAL_NOJS_WAIT - waited) + 1, reason="early")


def spend(challenge: str) -> bool:
    """Mark the challenge used; False when another request used it first."""
    nonce = str(signing.loads(challenge, salt=SALT)["n"])
    try:
        with transaction.atomic():
            SpentChallenge.objects.create(nonce=nonce)
    except IntegrityError:
        return False
    return True


def unspend(challenge: str) -> None:
    """Give the challenge back when the submission it served was refused."""
    nonce = str(signing.loads(challenge, salt=SALT)["n"])
    SpentChallenge.objects.filter(nonce=nonce).delete()
