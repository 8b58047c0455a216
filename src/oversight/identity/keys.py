"""The key hierarchy as services: sealing identities, wrapping data keys, user key pairs,
custodians joining and leaving, disclosures, escrow and the blind index.

No function here ever stores a private key or a data key in clear. Private keys arrive as
arguments (unlocked from a password, a session or the offline escrow text) and leave with the
call.
"""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.roles import Role
from oversight.core.errors import RuleError
from oversight.identity import crypto
from oversight.identity.audit import audit, log
from oversight.identity.models import (
    AccessEvent,
    BlindIndex,
    DisclosureRequest,
    Envelope,
    EscrowKey,
    KeyWrap,
    UserKey,
)

IDENTITY_FIELDS = ("name", "id_number", "address", "phone")
PROTECTED_MARK = "protected"


# --- which petitions are protected ---------------------------------------------------------

def needs_protection(*, kind: str, protection_requested: bool, anonymous: bool,
                     petitioners) -> bool:
    """Every denunciation (Law on Denunciations 2018 arts. 9, 47) and every petitioner who
    asked for protection; anonymous petitions have no identity to protect."""
    return bool(petitioners) and not anonymous and (
        kind == "denunciation" or bool(protection_requested))


def redacted(petitioners) -> list[dict]:
    """What the `petitioners` column keeps of a protected petition: one marker per person."""
    return [{PROTECTED_MARK: True} for _p in petitioners]


# --- blind index ---------------------------------------------------------------------------

def blind_index_key() -> bytes:
    """`OVERSIGHT_BLIND_INDEX_KEY` (hex) from settings or the environment; otherwise derived
    from SECRET_KEY with HKDF, so that changing SECRET_KEY needs `oversight keys rotate`."""
    value = getattr(settings, "OVERSIGHT_BLIND_INDEX_KEY", "") or os.environ.get(
        "OVERSIGHT_BLIND_INDEX_KEY", "")
    if value:
        return bytes.fromhex(value)
    return crypto.derive(settings.SECRET_KEY.encode(), b"oversight/blind-index/v1")


def normalise_name(value: str) -> str:
    from oversight.petitions.duplicates import normalise

    return normalise(value)


def normalise_id(value: str) -> str:
    return normalise_name(value).replace(" ", "")


def blind_digests(petitioners, key: bytes | None = None) -> list[tuple[str, str]]:
    key = key or blind_index_key()
    out = []
    for p in petitioners or ():
        name, number = normalise_name(p.get("name") or ""), normalise_id(p.get("id_number") or "")
        if name:
            out.append(("name", crypto.blind(key, "name", name)))
        if number:
            out.append(("id_number", crypto.blind(key, "id_number", number)))
    return out


def write_blind_index(record, petitioners, key: bytes | None = None) -> None:
    ct = ContentType.objects.get_for_model(type(record))
    BlindIndex.objects.filter(content_type=ct, object_id=record.pk).delete()
    BlindIndex.objects.bulk_create([
        BlindIndex(content_type=ct, object_id=record.pk, field=f, digest=d)
        for f, d in dict.fromkeys(blind_digests(petitioners, key))
    ])


def copy_blind_index(source, target) -> None:
    """Give `target` the blind-index rows of `source` (records of any two models)."""
    source_ct = ContentType.objects.get_for_model(type(source))
    target_ct = ContentType.objects.get_for_model(type(target))
    BlindIndex.objects.bulk_create([
        BlindIndex(content_type=target_ct, object_id=target.pk, field=b.field, digest=b.digest)
        for b in BlindIndex.objects.filter(content_type=source_ct, object_id=source.pk)
    ])


def stored_digests(record) -> list[str]:
    return list(BlindIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
    ).values_list("digest", flat=True))


def blind_matches(model, digests):
    """A subquery of `model` ids sharing one of the blind-index `digests`."""
    return BlindIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(model), digest__in=list(digests),
    ).values("object_id")


# --- user key pairs ------------------------------------------------------------------------

def fingerprint(public: bytes) -> str:
    return hashlib.sha256(bytes(public)).hexdigest()[:16]


def create_user_key(user, password: str) -> bytes:
    private, public = crypto.generate_keypair()
    salt, nonce, locked = crypto.lock_private(private, password)
    UserKey.objects.update_or_create(user=user, defaults={
        "public_key": public, "salt": salt, "nonce": nonce, "encrypted_private": locked,
        "created_at": timezone.now()})
    return private


def unlock(user, password: str) -> bytes | None:
    """The user's private key opened with their password; None if they have none or it fails."""
    key = UserKey.objects.filter(user=user).first()
    if key is None:
        return None
    try:
        return crypto.unlock_private(key.salt, key.nonce, key.encrypted_private, password)
    except crypto.CryptoError:
        return None


def ensure_user_key(user, password: str) -> bytes | None:
    """At login: unlock the key pair, or create it on first login."""
    if not UserKey.objects.filter(user=user).exists():
        return create_user_key(user, password)
    return unlock(user, password)


@transaction.atomic
def password_changed(user, password: str, old_private: bytes | None = None) -> None:
    """Re-encrypt the private key under the new password. Without the old private key (an
    administrator's reset) the old key pair is lost on purpose: a new one is made, and the
    wraps to the old public key are deleted; other custodians re-wrap on their next login."""
    key = UserKey.objects.filter(user=user).first()
    if key is None:
        create_user_key(user, password)
        return
    if old_private is None:
        try:
            crypto.unlock_private(key.salt, key.nonce, key.encrypted_private, password)
            return  # the same password set again
        except crypto.CryptoError:
            pass
    if old_private is not None and crypto.public_of(old_private) == bytes(key.public_key):
        key.salt, key.nonce, key.encrypted_private = crypto.lock_private(old_private, password)
        key.save(update_fields=["salt", "nonce", "encrypted_private"])
        audit("identity.key_reencrypted", obj=user, user=user)
        return
    dropped = KeyWrap.objects.filter(user=user).delete()[0]
    create_user_key(user, password)
    audit("identity.key_reset", obj=user, user=user, wraps_dropped=dropped)


# --- custodians, recipients, sealing ---------------------------------------------------------

def custodians(unit_id: int) -> list:
    """Active identity custodians whose unit (with its predecessors) covers `unit_id`."""
    from oversight.accounts.models import User
    from oversight.units.models import Unit

    found = []
    predecessors = Unit.objects.predecessor_map()
    for user in User.objects.filter(groups__name=Role.CUSTODIAN, is_active=True,
                                    unit__isnull=False).distinct():
        if unit_id in Unit.objects.lineage_ids(user.unit_id, predecessors):
            found.append(user)
    return found


def active_escrow() -> EscrowKey | None:
    return EscrowKey.objects.filter(active=True).order_by("-created_at", "-id").first()


def _add_wrap(envelope, data_key: bytes, *, user=None, escrow=None, reason: str) -> KeyWrap:
    public = escrow.public_key if escrow else user.identity_key.public_key
    w = crypto.wrap(data_key, bytes(public))
    return KeyWrap.objects.create(envelope=envelope, user=user, escrow=escrow, reason=reason,
                                  ephemeral=w.ephemeral, nonce=w.nonce, ciphertext=w.ciphertext)


def can_protect(unit_id: int) -> bool:
    return active_escrow() is not None or any(
        UserKey.objects.filter(user=c).exists() for c in custodians(unit_id))


@transaction.atomic
def seal_identity(unit_id: int, petitioners: list[dict]) -> Envelope:
    """Seal the identity fields with a fresh data key wrapped to the unit's custodians and the
    escrow key. Needs public keys only: any officer may register a protected petition."""
    escrow = active_escrow()
    holders = [c for c in custodians(unit_id) if UserKey.objects.filter(user=c).exists()]
    if escrow is None and not holders:
        raise RuleError(
            _("This petition's identity must be protected, but the unit has no identity "
              "custodian and no escrow key exists. Ask the administrator to run "
              "`oversight keys escrow-init` or to appoint a custodian."),
            field="petitioners")
    data_key = crypto.random_key()
    payload = [{k: str(p.get(k) or "") for k in IDENTITY_FIELDS} for p in petitioners]
    nonce, ciphertext = crypto.seal(data_key, payload)
    envelope = Envelope.objects.create(unit_id=unit_id, nonce=nonce, ciphertext=ciphertext)
    if escrow:
        _add_wrap(envelope, data_key, escrow=escrow, reason=KeyWrap.Reason.ESCROW)
    for user in holders:
        _add_wrap(envelope, data_key, user=user, reason=KeyWrap.Reason.CUSTODIAN)
    return envelope


def data_key_for(envelope, user, private: bytes | None) -> bytes | None:
    if private is None or user is None or not user.is_authenticated:
        return None
    wrap = KeyWrap.objects.filter(envelope=envelope, user=user).first()
    if wrap is None:
        return None
    try:
        return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                             private)
    except crypto.CryptoError:
        return None


def open_identity(envelope, user, private: bytes | None) -> list[dict] | None:
    """The sealed petitioners, if `user` holds a wrap and its unlocked private key."""
    data_key = data_key_for(envelope, user, private)
    if data_key is None:
        return None
    return crypto.open_sealed(data_key, envelope.nonce, envelope.ciphertext)


def has_wrap(envelope, user) -> bool:
    return bool(user and user.is_authenticated and
                KeyWrap.objects.filter(envelope=envelope, user=user).exists())


def open_with_escrow(envelope, escrow_private: bytes) -> list[dict]:
    """Recovery with the offline escrow private key (e.g. no custodian is left)."""
    public = crypto.public_of(escrow_private)
    for wrap in envelope.wraps.filter(escrow__isnull=False).select_related("escrow"):
        if bytes(wrap.escrow.public_key) == public:
            data_key = crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce,
                                                    wrap.ciphertext), escrow_private)
            return crypto.open_sealed(data_key, envelope.nonce, envelope.ciphertext)
    raise crypto.CryptoError("this escrow key holds no wrap of the envelope")


# --- key lifecycle ---------------------------------------------------------------------------

def _envelope_units(envelope) -> set[int]:
    from oversight.petitions.models import Petition

    units = {envelope.unit_id}
    units.update(Petition.objects.filter(identity_envelope=envelope)
                 .values_list("unit_id", flat=True))
    return units


def pending_wraps(user) -> list[tuple[Envelope, object]]:
    """(envelope, custodian) pairs `user` can fix: envelopes `user` holds a wrap for, whose
    units have a custodian with a key pair but without a wrap."""
    todo = []
    cache: dict[int, list] = {}
    envelopes = Envelope.objects.filter(wraps__user=user).distinct()
    for envelope in envelopes:
        have = set(envelope.wraps.filter(user__isnull=False).values_list("user_id", flat=True))
        for unit_id in _envelope_units(envelope):
            if unit_id not in cache:
                cache[unit_id] = [c for c in custodians(unit_id)
                                  if UserKey.objects.filter(user=c).exists()]
            for c in cache[unit_id]:
                if c.pk not in have:
                    todo.append((envelope, c))
                    have.add(c.pk)
    return todo


@transaction.atomic
def rewrap_pending(user, private: bytes) -> int:
    """Share every data key `user` can open with the custodians who lack it (a custodian
    added to the unit, or one whose key was reset). Run at a custodian's login."""
    from oversight.petitions.models import Petition

    done = 0
    for envelope, custodian in pending_wraps(user):
        data_key = data_key_for(envelope, user, private)
        if data_key is None:
            continue
        _add_wrap(envelope, data_key, user=custodian, reason=KeyWrap.Reason.CUSTODIAN)
        for petition in Petition.objects.filter(identity_envelope=envelope):
            log(petition, AccessEvent.Kind.WRAPPED, by=user, subject=custodian)
        done += 1
    return done


@transaction.atomic
def custodian_left(user) -> int:
    """A custodian leaves (role removed or account disabled): their custodian wraps go. The
    data keys stay wrapped to the other custodians and to escrow."""
    count = KeyWrap.objects.filter(user=user, reason=KeyWrap.Reason.CUSTODIAN).delete()[0]
    if count:
        audit("identity.custodian_left", obj=user, user=None, wraps_deleted=count)
    return count


# --- disclosure ------------------------------------------------------------------------------

def request_disclosure(record, *, by, reason: str) -> DisclosureRequest:
    if not reason.strip():
        raise RuleError(_("Say why you need to see the identity."), field="reason")
    envelope = record.identity_envelope
    if envelope is None:
        raise RuleError(_("This record has no protected identity."))
    if not UserKey.objects.filter(user=by).exists():
        raise RuleError(_("Sign in again with your password first: your key pair is made "
                          "at sign-in."))
    req = DisclosureRequest.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk,
        envelope=envelope, requester=by, reason=reason.strip())
    log(record, AccessEvent.Kind.REQUESTED, by=by, subject=by, note=reason.strip())
    return req


def _decidable(req: DisclosureRequest, by) -> None:
    if req.status != DisclosureRequest.Status.PENDING:
        raise RuleError(_("This request has already been decided."))
    if not by.has_role(Role.CUSTODIAN) or by not in custodians(req.record.unit_id):
        raise RuleError(_("Only an identity custodian of the unit decides."))


@transaction.atomic
def approve_disclosure(req: DisclosureRequest, *, by, private: bytes | None,
                       note: str = "") -> DisclosureRequest:
    """Re-wrap the data key to the requester's public key: from now on they can open it."""
    _decidable(req, by)
    data_key = data_key_for(req.envelope, by, private)
    if data_key is None:
        raise RuleError(_("Your key is not unlocked in this session: sign in again."))
    requester = req.requester
    if not KeyWrap.objects.filter(envelope=req.envelope, user=requester).exists():
        _add_wrap(req.envelope, data_key, user=requester, reason=KeyWrap.Reason.DISCLOSURE)
    req.status, req.decided_by, req.decided_at, req.note = (
        DisclosureRequest.Status.APPROVED, by, timezone.now(), note)
    req.save()
    log(req.record, AccessEvent.Kind.APPROVED, by=by, subject=requester, note=note)
    return req


@transaction.atomic
def refuse_disclosure(req: DisclosureRequest, *, by, note: str = "") -> DisclosureRequest:
    _decidable(req, by)
    req.status, req.decided_by, req.decided_at, req.note = (
        DisclosureRequest.Status.REFUSED, by, timezone.now(), note)
    req.save()
    log(req.record, AccessEvent.Kind.REFUSED, by=by, subject=req.requester, note=note)
    return req


# --- escrow and rotation ---------------------------------------------------------------------

def escrow_init() -> tuple[EscrowKey, str]:
    """A new escrow key pair: the public half is stored, the private half returned as text
    to be printed once and kept offline. Retires the previous escrow key (whose wraps stay
    until `rotate_escrow` moves them)."""
    private, public = crypto.generate_keypair()
    with transaction.atomic():
        EscrowKey.objects.filter(active=True).update(active=False)
        key = EscrowKey.objects.create(public_key=public, fingerprint=fingerprint(public))
    audit("identity.escrow_created", obj=key, fingerprint=key.fingerprint)
    return key, crypto.key_to_text(private)


@transaction.atomic
def rotate_escrow(old_private: bytes) -> tuple[EscrowKey, str, int]:
    """Move every escrow wrap from the key matching `old_private` to a new escrow key."""
    public = crypto.public_of(old_private)
    old = [k for k in EscrowKey.objects.all() if bytes(k.public_key) == public]
    if not old:
        raise crypto.CryptoError("no stored escrow key matches this private key")
    new, text = escrow_init()
    moved = 0
    for wrap in KeyWrap.objects.filter(escrow__in=old).select_related("envelope"):
        data_key = crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 old_private)
        _add_wrap(wrap.envelope, data_key, escrow=new, reason=KeyWrap.Reason.ESCROW)
        wrap.delete()
        moved += 1
    for k in old:
        k.delete() if not k.wraps.exists() else None
    audit("identity.escrow_rotated", obj=new, moved=moved)
    return new, text, moved


def rebuild_blind_index(escrow_private: bytes | None, key: bytes) -> int:
    """Recompute every petition's blind index under `key`; protected identities are opened
    with the escrow private key for the time of the call."""
    from oversight.petitions.models import Petition

    count = 0
    for petition in Petition.objects.exclude(petitioners=[]).iterator():
        if petition.identity_envelope_id:
            if escrow_private is None:
                raise crypto.CryptoError("protected petitions need the escrow private key")
            people = open_with_escrow(petition.identity_envelope, escrow_private)
        else:
            people = petition.petitioners
        write_blind_index(petition, people, key)
        count += 1
    audit("identity.blind_index_rotated", count=count)
    return count


@transaction.atomic
def protect_petition(petition) -> bool:
    """Seal the identity of an existing petition that should be protected (idempotent)."""
    if petition.identity_envelope_id or not needs_protection(
            kind=petition.kind, protection_requested=petition.protection_requested,
            anonymous=petition.anonymous, petitioners=petition.petitioners):
        return False
    people = petition.petitioners
    write_blind_index(petition, people)
    envelope = seal_identity(petition.unit_id, people)
    petition.identity_envelope = envelope
    petition.petitioners = redacted(people)
    petition.petitioner_keys = ""
    petition.save(update_fields=["identity_envelope", "petitioners", "petitioner_keys"])
    from oversight.search.index import index

    index(petition)
    return True


def protect_existing() -> int:
    from oversight.petitions.models import Petition

    count = 0
    for petition in Petition.objects.filter(identity_envelope__isnull=True, anonymous=False
                                            ).exclude(petitioners=[]).iterator():
        count += protect_petition(petition)
    return count
