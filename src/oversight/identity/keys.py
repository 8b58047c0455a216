"""The key hierarchy as services: sealing identities, wrapping data keys, user key pairs,
custodians joining and leaving, the crypto of disclosures (their requests and decisions are
actions.py), escrow and the blind index.

No function here ever stores a private key or a data key in clear. Private keys arrive as
arguments (unlocked from a password, a session or the offline escrow text) and leave with the
call.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.base.vietnamese import fold
from oversight.core.errors import RuleError
from oversight.identity import crypto, sealed
from oversight.identity.audit import audit, log
from oversight.identity.models import (
    AccessEvent,
    BlindIndex,
    CustodianApproval,
    DisclosureRequest,
    Envelope,
    EscrowKey,
    KeyWrap,
    UnitKey,
    UnitKeyWrap,
    UserKey,
)
from oversight.search.index import index
from oversight.units.models import Unit

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


def normalise_id(value: str) -> str:
    return fold(value).replace(" ", "")


def blind_digests(petitioners, key: bytes | None = None) -> list[tuple[str, str]]:
    key = key or blind_index_key()
    out = []
    for p in petitioners or ():
        name, number = fold(p.get("name") or ""), normalise_id(p.get("id_number") or "")
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
    wraps to the old public key are deleted; nothing is wrapped to the new one until a
    custodian approves it again (`approve_custodian`)."""
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
    dropped += UnitKeyWrap.objects.filter(user=user).delete()[0]
    CustodianApproval.objects.filter(Q(custodian=user) | Q(by=user)).delete()
    create_user_key(user, password)
    # A custodian whose password an administrator reset is a new key: approved again by a
    # custodian of the unit (or the escrow) before it reads anything.
    audit("identity.key_reset", obj=user, user=user, wraps_dropped=dropped)


# --- the escrow key the server trusts ---------------------------------------------------------

def escrow_pin(key: EscrowKey) -> str:
    """SHA-256 of the escrow's two public halves: the value of OVERSIGHT_ESCROW_PIN."""
    return hashlib.sha256(bytes(key.public_key) + bytes(key.signing_public or b"")).hexdigest()


def configured_pin() -> str:
    """OVERSIGHT_ESCROW_PIN, or the first line of OVERSIGHT_ESCROW_PIN_FILE; "" when neither.
    Outside the database on purpose: whoever controls the database cannot move it."""
    pin = (getattr(settings, "ESCROW_PIN", "") or "").strip().lower()
    if pin:
        return pin
    path = getattr(settings, "ESCROW_PIN_FILE", None)
    try:
        return Path(path).read_text().split("\n")[0].strip().lower() if path else ""
    except OSError:
        return ""


def trusted_escrow() -> EscrowKey | None:
    """The escrow key that signs unit keys and receives a wrap of every data key: the pinned
    one; without a pin (a laptop, the demo), the active one. Production requires the pin
    (`oversight check --deploy`)."""
    pin = configured_pin()
    if pin:
        for key in EscrowKey.objects.exclude(signing_public=b""):
            if escrow_pin(key) == pin:
                return key
        return None
    # An escrow key made before it could sign still receives wraps; it certifies no unit key
    # until `oversight keys pin` completes it.
    return active_escrow()


def _trusted_escrow_private(escrow_private: bytes) -> EscrowKey:
    escrow = trusted_escrow()
    if escrow is None or crypto.public_of(escrow_private) != bytes(escrow.public_key):
        raise crypto.CryptoError("this is not the private key of the trusted escrow key")
    if not bytes(escrow.signing_public or b""):
        escrow = complete_escrow(escrow_private)  # made before escrow keys could sign
    return escrow


# --- unit keys -----------------------------------------------------------------------------------

def _unit_statement(unit_id: int, public: bytes) -> bytes:
    return f"oversight/unit-key/v1|{unit_id}|{bytes(public).hex()}".encode()


_VERIFIED: dict[tuple, bool] = {}


def _verified(key: UnitKey, escrow: EscrowKey) -> bool:
    """The escrow's signature over (unit, public key) holds. Memoised on the exact bytes: a
    result depends on nothing else."""
    memo = (key.unit_id, bytes(key.public_key), bytes(key.signature),
            bytes(escrow.signing_public))
    if memo not in _VERIFIED:
        _VERIFIED[memo] = crypto.verify(escrow.signing_public, key.signature,
                                        _unit_statement(key.unit_id, key.public_key))
    return _VERIFIED[memo]


def verified_unit_keys() -> dict[int, UnitKey]:
    """unit id -> its unit key: the newest signed by the trusted escrow whose signature
    holds. Nothing an administrator can write (the `active` flag, a planted row) changes which
    key that is."""
    escrow = trusted_escrow()
    if escrow is None or not bytes(escrow.signing_public or b""):
        return {}
    found = {}
    for key in UnitKey.objects.filter(signed_by=escrow).order_by("created_at", "id"):
        if _verified(key, escrow):
            found[key.unit_id] = key
    return found


def unit_key_of(unit_id: int) -> UnitKey | None:
    return verified_unit_keys().get(unit_id)


def covering_units(unit_id: int, predecessors=None) -> list[int]:
    """Units whose records include `unit_id`'s: itself and every unit that succeeded it."""
    predecessors = Unit.objects.predecessor_map() if predecessors is None else predecessors
    ids = {unit_id}
    for successor in predecessors:
        if unit_id in Unit.objects.lineage_ids(successor, predecessors):
            ids.add(successor)
    return sorted(ids)


def _recipient_keys(unit_id: int) -> list[UnitKey]:
    verified = verified_unit_keys()
    return [verified[u] for u in covering_units(unit_id) if u in verified]


def held_unit_keys(user) -> list[UnitKey]:
    """The verified unit keys wrapped to `user` (the units they are an approved custodian
    of)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    held = set(UnitKeyWrap.objects.filter(user=user).values_list("unit_key_id", flat=True))
    return [k for k in verified_unit_keys().values() if k.pk in held]


def _unit_private(key: UnitKey, user, private: bytes | None) -> bytes | None:
    if private is None or user is None:
        return None
    wrap = UnitKeyWrap.objects.filter(unit_key=key, user=user).first()
    if wrap is None:
        return None
    try:
        return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                             private)
    except crypto.CryptoError:
        return None


def _unit_private_by_escrow(key: UnitKey, escrow_private: bytes) -> bytes:
    public = crypto.public_of(escrow_private)
    for wrap in key.wraps.filter(escrow__isnull=False).select_related("escrow"):
        if bytes(wrap.escrow.public_key) == public:
            return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 escrow_private)
    raise crypto.CryptoError("this escrow key holds no wrap of the unit key")


def _wrap_unit_key(key: UnitKey, unit_private: bytes, *, user=None, escrow=None,
                   approved_by=None) -> UnitKeyWrap:
    public = escrow.public_key if escrow else user.identity_key.public_key
    w = crypto.wrap(unit_private, bytes(public))
    wrap, _created = UnitKeyWrap.objects.update_or_create(
        unit_key=key, user=user, escrow=escrow,
        defaults={"ephemeral": w.ephemeral, "nonce": w.nonce, "ciphertext": w.ciphertext,
                  "approved_by": approved_by, "created_at": timezone.now()})
    return wrap


def _create_unit_key(unit_id: int, escrow: EscrowKey, escrow_private: bytes) -> tuple:
    private, public = crypto.generate_keypair()
    UnitKey.objects.filter(unit_id=unit_id, active=True).update(active=False)  # unverified
    key = UnitKey.objects.create(
        unit_id=unit_id, public_key=public, signed_by=escrow,
        signature=crypto.sign(escrow_private, _unit_statement(unit_id, public)))
    _wrap_unit_key(key, private, escrow=escrow)
    audit("identity.unit_key_created", obj=key, unit=unit_id)
    return key, private


# --- sealing and opening ---------------------------------------------------------------------

def custodians(unit_id: int) -> list:
    """Active identity custodians (by role) whose unit (with its predecessors) covers
    `unit_id`. A role gives no key: see `approved_custodian`."""
    found = []
    predecessors = Unit.objects.predecessor_map()
    for user in User.objects.filter(groups__name=Role.CUSTODIAN, is_active=True,
                                    unit__isnull=False).distinct():
        if unit_id in Unit.objects.lineage_ids(user.unit_id, predecessors):
            found.append(user)
    return found


def active_escrow() -> EscrowKey | None:
    return EscrowKey.objects.filter(active=True).order_by("-created_at", "-id").first()


def _add_wrap(envelope, data_key: bytes, *, user=None, escrow=None, unit_key=None,
              reason: str, expires_at=None) -> KeyWrap:
    if escrow is not None:
        public = escrow.public_key
    elif unit_key is not None:
        public = unit_key.public_key
    else:
        public = user.identity_key.public_key
    w = crypto.wrap(data_key, bytes(public))
    return KeyWrap.objects.create(envelope=envelope, user=user, escrow=escrow,
                                  unit_key=unit_key, reason=reason, expires_at=expires_at,
                                  ephemeral=w.ephemeral, nonce=w.nonce, ciphertext=w.ciphertext)


def can_protect(unit_id: int) -> bool:
    return trusted_escrow() is not None or bool(_recipient_keys(unit_id))


@transaction.atomic
def seal_identity(unit_id: int, petitioners: list[dict]) -> Envelope:
    """Seal the identity fields with a fresh data key wrapped to the trusted escrow key and to
    the unit keys (signed by it) of the units covering `unit_id`. Needs public keys only: any
    officer may register a protected petition. Never wraps to a person: a custodian reads
    through the unit key, which only an existing custodian (or the escrow) gives them."""
    escrow = trusted_escrow()
    unit_keys = _recipient_keys(unit_id)
    if escrow is None and not unit_keys:
        raise RuleError(
            _("This petition's identity must be protected, but the unit has no approved "
              "identity custodian and no escrow key is trusted. Ask the administrator to run "
              "`oversight keys escrow-init`, then `oversight keys approve-custodian` with the "
              "escrow key."),
            field="petitioners")
    data_key = crypto.random_key()
    payload = [{k: str(p.get(k) or "") for k in IDENTITY_FIELDS} for p in petitioners]
    nonce, ciphertext = crypto.seal(data_key, payload)
    envelope = Envelope.objects.create(unit_id=unit_id, nonce=nonce, ciphertext=ciphertext)
    if escrow:
        _add_wrap(envelope, data_key, escrow=escrow, reason=KeyWrap.Reason.ESCROW)
    for key in unit_keys:
        _add_wrap(envelope, data_key, unit_key=key, reason=KeyWrap.Reason.UNIT)
    return envelope


def _live(wraps):
    return wraps.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def data_key_for(envelope, user, private: bytes | None) -> bytes | None:
    """The envelope's data key for `user` with their unlocked private key: through a wrap to
    them (an unexpired disclosure, or a custodian wrap from before unit keys) or through a
    unit key they hold."""
    if private is None or user is None or not user.is_authenticated:
        return None
    expire_disclosures()
    for wrap in _live(KeyWrap.objects.filter(envelope=envelope, user=user)):
        try:
            return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 private)
        except crypto.CryptoError:
            return None
    for wrap in KeyWrap.objects.filter(envelope=envelope, unit_key__wraps__user=user
                                       ).select_related("unit_key"):
        unit_private = _unit_private(wrap.unit_key, user, private)
        if unit_private is None:
            continue
        try:
            return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 unit_private)
        except crypto.CryptoError:
            continue
    return None


def open_identity(envelope, user, private: bytes | None) -> list[dict] | None:
    """The sealed petitioners, if `user` holds a way to the data key and their private key."""
    data_key = data_key_for(envelope, user, private)
    if data_key is None:
        return None
    return crypto.open_sealed(data_key, envelope.nonce, envelope.ciphertext)


def has_wrap(envelope, user) -> bool:
    """Whether `user` holds a way to the envelope's data key (not whether it is unlocked)."""
    if envelope is None or not (user and user.is_authenticated):
        return False
    return (_live(KeyWrap.objects.filter(envelope=envelope, user=user)).exists()
            or KeyWrap.objects.filter(envelope=envelope, unit_key__wraps__user=user).exists())


def open_with_escrow(envelope, escrow_private: bytes) -> list[dict]:
    """Recovery with the offline escrow private key (e.g. no custodian is left)."""
    data_key = _data_key_by_escrow(envelope, escrow_private)
    return crypto.open_sealed(data_key, envelope.nonce, envelope.ciphertext)


def _data_key_by_escrow(envelope, escrow_private: bytes) -> bytes:
    public = crypto.public_of(escrow_private)
    for wrap in envelope.wraps.filter(escrow__isnull=False).select_related("escrow"):
        if bytes(wrap.escrow.public_key) == public:
            return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 escrow_private)
    for wrap in envelope.wraps.filter(unit_key__isnull=False).select_related("unit_key"):
        try:
            unit_private = _unit_private_by_escrow(wrap.unit_key, escrow_private)
        except crypto.CryptoError:
            continue
        return crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                             unit_private)
    raise crypto.CryptoError("this escrow key holds no wrap of the envelope")


# --- custodians are made by custodians ---------------------------------------------------------

def _approval_statement(custodian, key: UnitKey, public: bytes) -> bytes:
    return f"oversight/approve/v1|{custodian.pk}|{key.pk}|{bytes(public).hex()}".encode()


def approved_custodian(user) -> bool:
    """Holds the active key of their own unit (an approved custodian)."""
    if not (user and user.is_authenticated and user.unit_id):
        return False
    key = unit_key_of(user.unit_id)
    return key is not None and UnitKeyWrap.objects.filter(user=user, unit_key=key).exists()


def pending_custodians(approver) -> list[dict]:
    """Custodians awaiting a key that `approver` can give: users with the custodian role and a
    key pair, in a unit whose active key `approver` holds, who do not hold it yet."""
    held = {k.unit_id: k for k in held_unit_keys(approver)}
    if not held:
        return []
    out = []
    for user in (User.objects.filter(groups__name=Role.CUSTODIAN, is_active=True,
                                     unit_id__in=held, identity_key__isnull=False)
                 .exclude(pk=approver.pk).select_related("unit", "identity_key").distinct()
                 .order_by("unit_id", "username")):
        key = held[user.unit_id]
        if UnitKeyWrap.objects.filter(unit_key=key, user=user).exists():
            continue
        public = bytes(user.identity_key.public_key)
        approvals = CustodianApproval.objects.filter(custodian=user, unit_key=key,
                                                     public_key=public).select_related("by")
        out.append({"user": user, "fingerprint": fingerprint(public),
                    "key_created": user.identity_key.created_at,
                    "approvals": list(approvals),
                    "mine": any(a.by_id == approver.pk for a in approvals),
                    "needed": settings.CUSTODIAN_APPROVALS})
    return out


def _same_fingerprint(typed: str, public: bytes) -> bool:
    typed = "".join(ch for ch in (typed or "").lower() if ch in "0123456789abcdef")
    return bool(typed) and hmac.compare_digest(typed, fingerprint(public))


def _give_unit_keys(custodian, unit_privates: dict, *, approved_by=None) -> int:
    for key, unit_private in unit_privates.items():
        _wrap_unit_key(key, unit_private, user=custodian, approved_by=approved_by)
    CustodianApproval.objects.filter(custodian=custodian).delete()
    return len(unit_privates)


@transaction.atomic
def approve_custodian(custodian, *, by, private: bytes | None, fingerprint_typed: str) -> bool:
    """An approved custodian of the unit approves a new custodian's key. The fingerprint must
    be the one the new custodian reads from their own screen (computed from their unlocked
    key, not from the database): a key row swapped in the database would not match. With
    OVERSIGHT_CUSTODIAN_APPROVALS = 2 the first approval is recorded (with a MAC only holders
    of the unit key can make) and the second gives the key. Returns True when given."""
    custodian = User.objects.select_related("identity_key").get(pk=custodian.pk)
    if custodian.pk == by.pk:
        raise RuleError(_("A custodian cannot approve themselves."))
    if not (custodian.is_active and custodian.has_role(Role.CUSTODIAN) and custodian.unit_id):
        raise RuleError(_("Only an active user with the custodian role and a unit can be "
                          "approved."))
    if not by.has_role(Role.CUSTODIAN):
        raise RuleError(_("Only an identity custodian of the unit approves."))
    key = unit_key_of(custodian.unit_id)
    unit_private = _unit_private(key, by, private) if key else None
    if unit_private is None:
        raise RuleError(_("You do not hold this unit's key (or it is not unlocked in this "
                          "session: sign in again)."))
    if not hasattr(custodian, "identity_key"):
        raise RuleError(_("The new custodian has no key yet: they sign in once first."))
    public = bytes(custodian.identity_key.public_key)
    if not _same_fingerprint(fingerprint_typed, public):
        raise RuleError(_("The fingerprint does not match the new custodian's key. Ask them "
                          "to read it from their custodian page, and do not approve if it "
                          "still differs."), field="fingerprint")
    statement = _approval_statement(custodian, key, public)
    valid = {by.pk}
    for earlier in CustodianApproval.objects.filter(custodian=custodian, unit_key=key,
                                                    public_key=public):
        if crypto.approval_valid(unit_private, statement, earlier.tag):
            valid.add(earlier.by_id)
        else:
            audit("identity.approval_forged", obj=custodian, user=by, approval=earlier.pk)
            earlier.delete()
    if len(valid) < settings.CUSTODIAN_APPROVALS:
        CustodianApproval.objects.get_or_create(
            custodian=custodian, unit_key=key, by=by,
            defaults={"public_key": public, "tag": crypto.approval_tag(unit_private, statement)})
        audit("identity.custodian_approval", obj=custodian, user=by,
              approvals=len(valid), needed=settings.CUSTODIAN_APPROVALS)
        return False
    # The unit's key, and the keys of its predecessors the approver holds.
    privates = {key: unit_private}

    lineage = Unit.objects.lineage_ids(custodian.unit_id)
    for other in held_unit_keys(by):
        if other.unit_id in lineage and other not in privates:
            other_private = _unit_private(other, by, private)
            if other_private is not None:
                privates[other] = other_private
    _give_unit_keys(custodian, privates, approved_by=by)
    audit("identity.custodian_approved", obj=custodian, user=by, approvers=sorted(valid),
          unit_keys=[k.pk for k in privates])
    return True


@transaction.atomic
def escrow_approve_custodian(custodian, escrow_private: bytes) -> list[UnitKey]:
    """The first custodian of a unit (or any custodian, when none is left) is made with the
    offline escrow key: the unit key is created and signed if there is none (and every
    identity of the unit sealed before it is wrapped to it), then given to the custodian,
    with the keys of the unit's predecessors."""
    escrow = _trusted_escrow_private(escrow_private)
    if not (custodian.is_active and custodian.has_role(Role.CUSTODIAN) and custodian.unit_id):
        raise RuleError(_("Only an active user with the custodian role and a unit can be "
                          "approved."))
    if not UserKey.objects.filter(user=custodian).exists():
        raise RuleError(_("The new custodian has no key yet: they sign in once first."))
    privates = {}
    verified = verified_unit_keys()
    for unit_id in sorted(Unit.objects.lineage_ids(custodian.unit_id)):
        key = verified.get(unit_id)
        if key is None and unit_id != custodian.unit_id:
            continue
        if key is None:
            key, unit_private = _create_unit_key(unit_id, escrow, escrow_private)
        else:
            unit_private = _unit_private_by_escrow(key, escrow_private)
        privates[key] = unit_private
    own = next(k for k in privates if k.unit_id == custodian.unit_id)
    _wrap_envelopes_to(own, escrow_private)
    _give_unit_keys(custodian, privates)
    audit("identity.custodian_approved", obj=custodian, user=None, by_escrow=escrow.fingerprint,
          unit_keys=[k.pk for k in privates])
    return list(privates)


def _envelopes_for_unit(unit_id: int):
    """Envelopes of records that a unit's custodians should read: sealed for the unit or its
    predecessors, or shared by a petition transferred to them."""
    Petition = sealed.model()
    lineage = Unit.objects.lineage_ids(unit_id)
    return Envelope.objects.filter(
        Q(unit_id__in=lineage) | Q(pk__in=Petition.objects.filter(
            unit_id__in=lineage, identity_envelope__isnull=False).values("identity_envelope")))


def _wrap_envelopes_to(key: UnitKey, escrow_private: bytes) -> int:
    done = 0
    for envelope in _envelopes_for_unit(key.unit_id).exclude(wraps__unit_key=key):
        try:
            data_key = _data_key_by_escrow(envelope, escrow_private)
        except crypto.CryptoError:
            continue
        _add_wrap(envelope, data_key, unit_key=key, reason=KeyWrap.Reason.UNIT)
        done += 1
    return done


# --- key lifecycle ---------------------------------------------------------------------------

def pending_wraps(user) -> list[tuple[Envelope, UnitKey]]:
    """(envelope, unit key) pairs `user` can fix: a trusted unit key of a unit that should read
    the envelope (a transfer, a predecessor) lacks a wrap of it, and `user` holds a way to its
    data key. Targets are unit keys signed by the escrow, never a person."""
    todo = []
    held = held_unit_keys(user)
    if not held and not KeyWrap.objects.filter(user=user).exists():
        return todo
    mine = Envelope.objects.filter(Q(wraps__user=user) | Q(wraps__unit_key__in=held))
    for key in verified_unit_keys().values():
        for envelope in _envelopes_for_unit(key.unit_id).filter(pk__in=mine.values("pk")
                                                                ).exclude(wraps__unit_key=key):
            todo.append((envelope, key))
    return todo


@transaction.atomic
def rewrap_pending(user, private: bytes) -> int:
    """Share every data key `user` can open with the trusted unit keys that lack it (a
    petition transferred to another unit, identities sealed before a unit had a key). Run at
    a custodian's login and by "Share now"; a new custodian gets nothing from it."""
    Petition = sealed.model()

    done = 0
    for envelope, key in pending_wraps(user):
        data_key = data_key_for(envelope, user, private)
        if data_key is None:
            continue
        _add_wrap(envelope, data_key, unit_key=key, reason=KeyWrap.Reason.UNIT)
        for petition in Petition.objects.filter(identity_envelope=envelope):
            log(petition, AccessEvent.Kind.WRAPPED, by=user, note=f"unit {key.unit_id}")
        done += 1
    return done


@transaction.atomic
def custodian_left(user) -> int:
    """A custodian leaves (role removed or account disabled): their wraps of unit keys and
    custodian wraps of data keys go, with approvals by and for them. The data keys stay
    wrapped to the unit keys and to escrow."""
    count = KeyWrap.objects.filter(user=user, reason=KeyWrap.Reason.CUSTODIAN).delete()[0]
    count += UnitKeyWrap.objects.filter(user=user).delete()[0]
    CustodianApproval.objects.filter(Q(custodian=user) | Q(by=user)).delete()
    if count:
        audit("identity.custodian_left", obj=user, user=None, wraps_deleted=count)
    return count


# --- disclosure ------------------------------------------------------------------------------

def disclose_to(envelope, requester, *, by, private: bytes | None, until) -> None:
    """The crypto of an approved disclosure: re-wrap the envelope's data key, opened with the
    custodian's (`by`) private key, to the requester's public key until `until`."""
    data_key = data_key_for(envelope, by, private)
    if data_key is None:
        raise RuleError(_("Your key is not unlocked in this session: sign in again."))
    KeyWrap.objects.filter(envelope=envelope, user=requester).delete()
    _add_wrap(envelope, data_key, user=requester, reason=KeyWrap.Reason.DISCLOSURE,
              expires_at=until)


def expire_disclosures(now=None) -> int:
    """Delete the wraps of disclosures past their time; their requests become "expired"."""
    now = now or timezone.now()
    gone = KeyWrap.objects.filter(reason=KeyWrap.Reason.DISCLOSURE, expires_at__lte=now)
    if not gone.exists():
        return 0
    count = 0
    with transaction.atomic():
        for req in DisclosureRequest.objects.filter(status=DisclosureRequest.Status.APPROVED,
                                                    expires_at__lte=now):
            req.status = DisclosureRequest.Status.EXPIRED
            req.save(update_fields=["status"])
            if req.record is not None:
                log(req.record, AccessEvent.Kind.EXPIRED, subject=req.requester)
        for wrap in gone:
            wrap.delete()
            count += 1
    return count


# --- escrow and rotation ---------------------------------------------------------------------

def escrow_init() -> tuple[EscrowKey, str]:
    """A new escrow key pair: the public halves are stored, the private half returned as text
    to be printed once and kept offline. Retires the previous escrow key (whose wraps stay
    until `rotate_escrow` moves them). The server trusts it only if no pin is configured, or
    once OVERSIGHT_ESCROW_PIN is set to its `escrow_pin`."""
    private, public = crypto.generate_keypair()
    with transaction.atomic():
        EscrowKey.objects.filter(active=True).update(active=False)
        key = EscrowKey.objects.create(public_key=public, fingerprint=fingerprint(public),
                                       signing_public=crypto.signing_public(private))
    audit("identity.escrow_created", obj=key, fingerprint=key.fingerprint)
    return key, crypto.key_to_text(private)


def complete_escrow(escrow_private: bytes) -> EscrowKey:
    """An escrow key made before it could sign: store its signing half (proven by the
    private key itself)."""
    public = crypto.public_of(escrow_private)
    for key in EscrowKey.objects.all():
        if bytes(key.public_key) == public:
            if not bytes(key.signing_public or b""):
                key.signing_public = crypto.signing_public(escrow_private)
                key.save(update_fields=["signing_public"])
            return key
    raise crypto.CryptoError("no stored escrow key matches this private key")


@transaction.atomic
def rotate_escrow(old_private: bytes) -> tuple[EscrowKey, str, int]:
    """Move every escrow wrap (of data keys and of unit keys) from the key matching
    `old_private` to a new escrow key, which also signs the unit keys again."""
    public = crypto.public_of(old_private)
    old = [k for k in EscrowKey.objects.all() if bytes(k.public_key) == public]
    if not old:
        raise crypto.CryptoError("no stored escrow key matches this private key")
    new, text = escrow_init()
    new_private = crypto.key_from_text(text)
    moved = 0
    for wrap in KeyWrap.objects.filter(escrow__in=old).select_related("envelope"):
        data_key = crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce, wrap.ciphertext),
                                 old_private)
        _add_wrap(wrap.envelope, data_key, escrow=new, reason=KeyWrap.Reason.ESCROW)
        wrap.delete()
        moved += 1
    for wrap in UnitKeyWrap.objects.filter(escrow__in=old).select_related("unit_key"):
        unit_private = crypto.unwrap(crypto.Wrapped(wrap.ephemeral, wrap.nonce,
                                                    wrap.ciphertext), old_private)
        _wrap_unit_key(wrap.unit_key, unit_private, escrow=new)
        wrap.delete()
    for key in UnitKey.objects.filter(signed_by__in=old):
        key.signature = crypto.sign(new_private, _unit_statement(key.unit_id, key.public_key))
        key.signed_by = new
        key.save(update_fields=["signature", "signed_by"])
    for k in old:
        k.delete() if not (k.wraps.exists() or k.unit_key_wraps.exists()) else None
    audit("identity.escrow_rotated", obj=new, moved=moved)
    return new, text, moved


@transaction.atomic
def rebuild_blind_index(escrow_private: bytes | None, key: bytes) -> int:
    """Recompute every petition's blind index under `key`; protected identities are opened
    with the escrow private key for the time of the call."""
    Petition = sealed.model()

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

    index(petition)
    return True


def protect_existing() -> int:
    Petition = sealed.model()

    count = 0
    for petition in Petition.objects.filter(identity_envelope__isnull=True, anonymous=False
                                            ).exclude(petitioners=[]).iterator():
        count += protect_petition(petition)
    return count
