"""Blind-index digests never enter the audit trail (issue 13).

A digest is HMAC(name or ID number): with the key, a dictionary of ID numbers finds whose it
is. Administrators read the trail and nobody can scrub it, so neither a digest nor the
first characters of one may appear in any entry — whichever way the index is written
(`bulk_create`, deletes, the duplicate check, a copy to another record).
"""

from __future__ import annotations

import re

from oversight.audit.models import AuditEntry
from oversight.identity import keys
from oversight.identity.models import BlindIndex
from tests.identity.test_identity import denounce
from tests.identity.test_oracle import NEAR, WRONG, _guess
from tests.petitions.conftest import HUNG


def _trail() -> str:
    """Everything an entry shows except the chain's own hashes."""
    return "\n".join(str(row) for row in AuditEntry.objects.values_list(
        "object_repr", "object_id", "changes", "detail"))


def _digests() -> set[str]:
    return set(BlindIndex.objects.values_list("digest", flat=True))


def _found(trail: str, digests: set[str]) -> list[str]:
    # The whole digest, or the 8 characters the index's own text used to show.
    return sorted(d for d in digests if d in trail or d[:8] in trail)


def test_no_digest_in_the_trail(nghean, custodian, web):
    first = denounce()
    second = denounce(petitioner={"name": "Trần Thị Mai", "id_number": "040085001111"})
    keys.copy_blind_index(first, second)
    _guess(web(nghean), HUNG)
    _guess(web(nghean), WRONG, content=NEAR)
    keys.write_blind_index(first, [HUNG])  # deletes and writes the rows again
    digests = _digests()
    assert len(digests) >= 4
    # The index rows themselves are in the trail (that they were written), without digests.
    entries = AuditEntry.objects.filter(object_type="identity.blindindex")
    assert entries.filter(action="create").exists() and entries.filter(action="delete").exists()
    assert all(e.object_repr.startswith("BlindIndex #") for e in entries)
    assert all(e.changes.get("digest") in (None, ["[redacted]", None], [None, "[redacted]"])
               for e in entries)
    assert _found(_trail(), digests) == []
    # The digests are hexadecimal; no 64-hex string of the trail is one.
    assert not set(re.findall(r"[0-9a-f]{64}", _trail())) & digests


def test_control_a_digest_in_an_entry_is_found(custodian):
    """The check above does find a digest that got in."""
    from oversight import audit
    from oversight.audit.choices import Action

    denounce()
    digest = next(iter(_digests()))
    audit.record(Action.UPDATE, object_type_="petitions.petition", object_id=1,
                 detail={"matched": digest[:8]})
    assert _found(_trail(), _digests()) == [digest]
