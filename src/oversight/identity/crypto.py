"""The cryptographic primitives behind protected identities, with no Django in sight.

- a *data key* (32 random bytes) seals one petition's identity fields with AES-256-GCM;
- a data key is *wrapped* to an X25519 public key: an ephemeral X25519 key agreement, HKDF-SHA256
  over the shared secret and both public keys, then AES-256-GCM (an ECIES construction, the
  same shape as HPKE's base mode);
- a user's X25519 private key is kept encrypted under a key derived from their password with
  Argon2id (RFC 9106 second recommended profile, scaled down: 19 MiB, 2 passes, as OWASP says);
- a *blind index* is HMAC-SHA256 under a server key: equal inputs give equal digests, so
  duplicates are found without decrypting anything;
- the offline escrow key also *signs* (Ed25519, its seed derived from the escrow's X25519
  private key with HKDF): it certifies each unit's public key, so that a key row planted in the
  database is not trusted;
- an approval of a new custodian carries a MAC under a key derived from the unit's private key:
  only a holder of that key can make one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DATA_AAD = b"oversight/identity/v1"
WRAP_INFO = b"oversight/wrap/v1"
SIGNING_INFO = b"oversight/signing-key/v1"
APPROVAL_INFO = b"oversight/custodian-approval/v1"
PRIVATE_AAD = b"oversight/private-key/v1"
ARGON2 = {"iterations": 2, "lanes": 1, "memory_cost": 19 * 1024}


class CryptoError(Exception):
    """A key or ciphertext did not open: wrong key, wrong password or tampered data."""


def random_key() -> bytes:
    return os.urandom(32)


# --- data: AES-256-GCM ---------------------------------------------------------------------

def seal(key: bytes, payload, aad: bytes = DATA_AAD) -> tuple[bytes, bytes]:
    """Encrypt a JSON-serialisable payload; returns (nonce, ciphertext)."""
    nonce = os.urandom(12)
    plain = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return nonce, AESGCM(key).encrypt(nonce, plain, aad)


def open_sealed(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes = DATA_AAD):
    try:
        return json.loads(AESGCM(key).decrypt(bytes(nonce), bytes(ciphertext), aad))
    except Exception as exc:  # InvalidTag, bad JSON
        raise CryptoError("the sealed data does not open with this key") from exc


# --- key pairs -----------------------------------------------------------------------------

def generate_keypair() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte X25519 keys."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def public_of(private: bytes) -> bytes:
    return _raw_public(X25519PrivateKey.from_private_bytes(private).public_key())


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --- wrapping a data key to a public key (ECIES) ---------------------------------------------

@dataclass(frozen=True)
class Wrapped:
    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=ephemeral + recipient,
                info=WRAP_INFO).derive(shared)


def wrap(data_key: bytes, recipient_public: bytes) -> Wrapped:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes(recipient_public)))
    key = _wrap_key(shared, ephemeral_public, bytes(recipient_public))
    nonce = os.urandom(12)
    return Wrapped(ephemeral_public, nonce, AESGCM(key).encrypt(nonce, data_key, WRAP_INFO))


def unwrap(wrapped: Wrapped, recipient_private: bytes) -> bytes:
    try:
        private = X25519PrivateKey.from_private_bytes(bytes(recipient_private))
        shared = private.exchange(X25519PublicKey.from_public_bytes(bytes(wrapped.ephemeral)))
        key = _wrap_key(shared, bytes(wrapped.ephemeral), _raw_public(private.public_key()))
        return AESGCM(key).decrypt(bytes(wrapped.nonce), bytes(wrapped.ciphertext), WRAP_INFO)
    except Exception as exc:
        raise CryptoError("the wrapped key does not open with this private key") from exc


# --- private keys under a password (Argon2id) ----------------------------------------------

def password_key(password: str, salt: bytes) -> bytes:
    return Argon2id(salt=bytes(salt), length=32, **ARGON2).derive(password.encode())


def lock_private(private: bytes, password: str) -> tuple[bytes, bytes, bytes]:
    """(salt, nonce, ciphertext) of the private key under the password."""
    salt, nonce = os.urandom(16), os.urandom(12)
    return salt, nonce, AESGCM(password_key(password, salt)).encrypt(nonce, private, PRIVATE_AAD)


def unlock_private(salt: bytes, nonce: bytes, ciphertext: bytes, password: str) -> bytes:
    try:
        return AESGCM(password_key(password, salt)).decrypt(bytes(nonce), bytes(ciphertext),
                                                            PRIVATE_AAD)
    except Exception as exc:
        raise CryptoError("wrong password for this private key") from exc


# --- blind index -----------------------------------------------------------------------------

def blind(key: bytes, field: str, normalised: str) -> str:
    """Hex HMAC-SHA256 of a normalised value, separated by field so a name never equals an ID."""
    return hmac.new(key, f"{field}\x00{normalised}".encode(), hashlib.sha256).hexdigest()


def derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=info).derive(secret)


# --- signatures (Ed25519) and approvals (HMAC) ----------------------------------------------

def _signing_key(private: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(derive(bytes(private), SIGNING_INFO))


def signing_public(private: bytes) -> bytes:
    """The Ed25519 public key that goes with an X25519 private key (see `sign`)."""
    return _signing_key(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(private: bytes, message: bytes) -> bytes:
    return _signing_key(private).sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes(public)).verify(bytes(signature), message)
        return True
    except (InvalidSignature, ValueError):
        return False


def approval_tag(unit_private: bytes, message: bytes) -> bytes:
    return hmac.new(derive(bytes(unit_private), APPROVAL_INFO), message, hashlib.sha256).digest()


def approval_valid(unit_private: bytes, message: bytes, tag: bytes) -> bool:
    return hmac.compare_digest(approval_tag(unit_private, message), bytes(tag))


# --- text form of keys (for the offline escrow private key) -----------------------------------

def key_to_text(raw: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def key_from_text(text: str) -> bytes:
    import base64

    text = "".join(text.split())
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise CryptoError("a key is 32 bytes")
    return raw
