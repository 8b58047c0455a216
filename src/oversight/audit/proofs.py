"""Proofs that cannot be forged: Ed25519 signatures over a digest and a place in the chain.

A proof says: "the server signed that content with this SHA-256 digest was recorded at this
time, as entry #N of the audit trail whose hash is H". It names nothing else — not the
report, its unit, its sender or its reference — so showing it to anyone, or checking it on
the public page (`/portal/<lang>/verify/`), reveals nothing about what was filed. The holder
of the content can recompute the digest; the holder of a kept chain head can check that entry
#N is still in the trail (`oversight audit verify --expect-head H`).

The text of a proof is `OVS1.<payload>.<signature>`: the payload is canonical JSON (sorted
keys, no spaces, UTF-8) in base64url, the signature Ed25519 over exactly those payload bytes,
in base64url; both without padding. Checking needs only the public key, printed on the verify
page, in `oversight audit proof-key` and in SECURITY.md's recipe — no database, no network.

The signing key is Ed25519 (RFC 8032), made once and kept in `DATA_DIR/proof_signing_key`
(PEM, mode 0600) unless `OVERSIGHT_PROOF_SIGNING_KEY_FILE` names another file. It is not in
the database: a copy of the database (a backup, a rogue administrator's dump) cannot sign.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

from oversight.audit.models import AuditEntry

PREFIX = "OVS1"
KINDS = ("portal-filing", "document")


class ProofError(ValueError):
    """The text is not a proof, or its signature does not hold."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- the key ---------------------------------------------------------------------------------

def key_path() -> Path:
    configured = getattr(settings, "PROOF_SIGNING_KEY_FILE", "") or os.environ.get(
        "OVERSIGHT_PROOF_SIGNING_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "proof_signing_key"


_CACHE: dict[str, Ed25519PrivateKey] = {}


def signing_key() -> Ed25519PrivateKey:
    """The server's proof-signing key, made once (mode 0600) on first use."""
    path = key_path()
    cached = _CACHE.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ProofError(f"{path} does not hold an Ed25519 private key.")
    _CACHE[str(path)] = key
    return key


def public_key_bytes() -> bytes:
    return signing_key().public_key().public_bytes(serialization.Encoding.Raw,
                                                   serialization.PublicFormat.Raw)


def public_key_text() -> str:
    """The public key as printed: 64 hexadecimal digits (the raw 32 bytes)."""
    return public_key_bytes().hex()


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


# --- making and checking -----------------------------------------------------------------------

@dataclass(frozen=True)
class Proof:
    kind: str
    digest: str
    at: str
    position: int
    head: str
    key: str
    text: str

    @property
    def signature(self) -> str:
        return self.text.rsplit(".", 1)[1]


def make(kind: str, digest: str, at, position: int, head: str) -> Proof:
    """Sign `digest` (SHA-256 hex of the content) recorded at `at` as chain entry `position`
    whose hash is `head`."""
    if kind not in KINDS:
        raise ProofError(f"unknown kind {kind!r}")
    key = signing_key()
    payload = {"v": 1, "kind": kind, "digest": digest,
               "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "audit": {"position": int(position), "head": head},
               "key": key_id(public_key_bytes())}
    body = canonical(payload)
    text = f"{PREFIX}.{_b64(body)}.{_b64(key.sign(body))}"
    return Proof(kind, digest, payload["at"], int(position), head, payload["key"], text)


def check(text: str, public: bytes | None = None) -> Proof:
    """The proof in `text` if its signature holds under `public` (default: this server's key);
    `ProofError` otherwise. Whitespace and line breaks (a proof copied from paper) are
    ignored."""
    compact = "".join((text or "").split())
    parts = compact.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise ProofError("not a proof")
    try:
        body, signature = _unb64(parts[1]), _unb64(parts[2])
        payload = json.loads(body.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise ProofError("not a proof") from error
    public = public if public is not None else public_key_bytes()
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, body)
    except (InvalidSignature, ValueError) as error:
        raise ProofError("the signature does not match") from error
    try:
        audit = payload["audit"]
        proof = Proof(str(payload["kind"]), str(payload["digest"]), str(payload["at"]),
                      int(audit["position"]), str(audit["head"]), str(payload["key"]), compact)
    except (KeyError, TypeError, ValueError) as error:
        raise ProofError("not a proof") from error
    if payload.get("v") != 1 or proof.kind not in KINDS:
        raise ProofError("not a proof")
    return proof


def wrapped(text: str, width: int = 64) -> list[str]:
    """The proof in lines of `width` characters, to print."""
    return [text[i:i + width] for i in range(0, len(text), width)]


# --- what is signed ------------------------------------------------------------------------------

def submission_digest(submission) -> str:
    """SHA-256 of what the citizen sent, as filed: the texts and each file's name and size
    (the sender's identity is not part of it)."""
    content = {
        "kind": submission.kind, "subject": submission.subject, "content": submission.content,
        "place": submission.place, "when": submission.when,
        "respondents": submission.respondents,
        "files": [[f.original_name, f.size] for f in submission.files.order_by("pk")],
    }
    return hashlib.sha256(canonical(content)).hexdigest()


def for_submission(submission) -> Proof:
    """The proof of filing of a portal submission: its digest and the audit entry that
    recorded its filing."""
    entry = (AuditEntry.objects.for_object(submission).filter(action="create").order_by("id")
             .values_list("id", "hash").first())
    if entry is None:  # filed before the trail recorded portal submissions: the head then
        entry = (AuditEntry.objects.filter(at__lte=submission.submitted_at).order_by("-id")
                 .values_list("id", "hash").first()) or (0, "0" * 64)
    return make("portal-filing", submission_digest(submission), submission.submitted_at,
                entry[0], entry[1])


def for_document(document) -> Proof:
    """The proof of an issued document: the SHA-256 of its Word file and the chain head it
    was issued under."""
    return make("document", document.sha256, document.issued_at, document.audit_position,
                document.audit_head or "0" * 64)
