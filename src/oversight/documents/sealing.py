"""A document that names a protected petitioner is stored sealed: encrypted (AES-256-GCM)
under the petition's identity data key, the key the identity itself is sealed with (see
SECURITY.md, "Protected identities"). Nothing the server holds opens it: only a custodian, or
a user to whom a custodian disclosed the identity, signed in with their password.

`opened(request, petition)` gives (petitioners, data key) when the signed-in user's session
holds the key, and records the disclosure in the petition's access history; else None.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from oversight.identity import crypto, keys, session
from oversight.identity.audit import disclosed

AAD = b"oversight-document-v1"
NONCE = 12


def seal(data: bytes, key: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, data, AAD)


def unseal(data: bytes, key: bytes) -> bytes:
    return AESGCM(key).decrypt(data[:NONCE], data[NONCE:], AAD)


def data_key(request, petition) -> bytes | None:
    if petition is None or not petition.identity_protected:
        return None
    return keys.data_key_for(petition.identity_envelope, request.user,
                             session.private_key(request))


def opened(request, petition) -> tuple[list[dict], bytes] | None:
    key = data_key(request, petition)
    if key is None:
        return None
    envelope = petition.identity_envelope
    people = crypto.open_sealed(key, envelope.nonce, envelope.ciphertext)
    # an identity in clear: a `disclosure` audit entry, like every other (identity.reveal)
    disclosed(petition, request.user, request=request, count=len(people),
              note="outgoing document")
    return people, key
