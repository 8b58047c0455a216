"""Probable duplicates: the same petitioner (ID number or name) with similar content, or the
same content arriving from another agency. Text is compared folded (no diacritics, Đ → D)."""

from __future__ import annotations

import datetime as dt
import difflib

from oversight.base.reads import announce, unannounced
from oversight.base.vietnamese import fold
from oversight.identity import keys as identity_keys

SIMILAR_SAME_PERSON = 0.5
SIMILAR_CONTENT_ONLY = 0.8
LOOKBACK_DAYS = 3 * 365
SCAN_LIMIT = 2000


def petitioner_keys(petitioners: list[dict]) -> str:
    """`|name|id|` tokens for every petitioner, for a cheap database prefilter."""
    keys = []
    for p in petitioners or ():
        for value in (p.get("name"), p.get("id_number")):
            value = fold(value or "")
            if value:
                keys.append(value)
    return "|" + "|".join(keys) + "|" if keys else ""


def similarity(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def candidates(queryset, *, petitioners: list[dict], content: str, subject: str = "",
               exclude_pk: int | None = None, today: dt.date | None = None, limit: int = 10,
               blind: bool = True):
    """Petitions of `queryset` (already restricted to the user's scope) that are probably the
    same petition, best first, as (petition, score, reason) tuples; `reason` is "petitioner"
    (same name or ID number in clear), "identity" (same protected identity, by the blind
    index) or "content".

    `blind=False` compares no protected identity: the ad hoc check of values being typed must
    not be an identity oracle (issue 13). Protected identities are compared only from a
    registered petition's own blind-index rows (`exclude_pk`), fixed when it was registered,
    and `for_viewer` hides from a non-custodian which of them matched."""

    today = today or dt.date.today()
    keys = [k for k in petitioner_keys(petitioners).split("|") if k]
    # Protected identities are compared through their blind index (keyed HMAC), never in
    # clear; a protected record's own digests stand in for its sealed petitioners.
    digests = []
    if blind:
        digests = [d for _f, d in identity_keys.blind_digests(petitioners)]
        if not digests and exclude_pk:
            digests = identity_keys.stored_digests(queryset.model(pk=exclude_pk))
    qs = queryset.filter(received_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    text = f"{subject} {content}"
    found: dict[int, tuple] = {}
    # A scan, not a display: only the candidates returned are announced as read (base.reads).
    with unannounced():
        _scan(qs, queryset, found, keys, digests, text)
    result = sorted(found.values(), key=lambda t: -t[1])[:limit]
    announce(queryset.model, getattr(queryset, "_read_by", None), [t[0] for t in result])
    return result


def _scan(qs, queryset, found, keys, digests, text) -> None:
    from django.db.models import Q

    if keys or digests:
        clear = Q()
        for key in keys:
            clear |= Q(petitioner_keys__contains=f"|{key}|")
        by_clear = set(qs.filter(clear).values_list("pk", flat=True)[:SCAN_LIMIT]) if keys \
            else set()
        match = clear | (Q(pk__in=identity_keys.blind_matches(queryset.model, digests))
                         if digests else Q())
        for p in qs.filter(match).order_by("-received_on")[:SCAN_LIMIT]:
            score = similarity(text, f"{p.subject} {p.content}")
            if score >= SIMILAR_SAME_PERSON:
                found[p.pk] = (p, score, "petitioner" if p.pk in by_clear else "identity")
    for p in qs.order_by("-received_on")[:SCAN_LIMIT]:
        if p.pk in found:
            continue
        score = similarity(text, f"{p.subject} {p.content}")
        if score >= SIMILAR_CONTENT_ONLY:
            found[p.pk] = (p, score, "content")


POSSIBLE = "possible"


def for_viewer(found, user, record=None) -> list[tuple]:
    """What `user` may learn of `candidates(...)`: where a protected identity is involved (the
    candidate's or `record`'s), only "possible duplicate of #N" — no reason, no score, since
    a score under the content-only threshold would tell that the identity matched — unless
    the user holds the key to every protected identity involved (a custodian)."""
    def opens(petition) -> bool:
        return not petition.identity_protected or identity_keys.has_wrap(
            petition.identity_envelope, user)

    own = record is None or opens(record)
    out = []
    for petition, score, reason in found:
        protected = petition.identity_protected or (
            record is not None and record.identity_protected)
        if protected and not (own and opens(petition)):
            out.append((petition, None, POSSIBLE))
        else:
            out.append((petition, score, reason))
    return out
