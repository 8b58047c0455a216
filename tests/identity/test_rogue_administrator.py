"""The rogue administrator (issue 13, "Done when"): an administrator with full control of the
application and of its database — but not of the escrow private key, kept offline, nor of the
server's configuration, where the escrow key is pinned — cannot read a sealed identity anywhere,
while the real custodian can.

The administrator here does everything the issue names, in order: creates users and roles
(through the admin site), resets a custodian's password and signs in as them, edits rows in the
database directly (grants, key wraps, approvals, roles, units, a planted escrow key and unit key),
runs the key commands without the escrow key; then every account they control signs in through
the login form (so that its key is unlocked) and reads every page, API answer, export and admin
page we can name. A petition sealed before and one sealed after all this are both looked for.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.core.models import AccessGrant
from oversight.identity import crypto, keys
from oversight.identity.models import (
    CustodianApproval,
    EscrowKey,
    KeyWrap,
    UnitKey,
    UnitKeyWrap,
    UserKey,
)
from oversight.units.models import Unit
from tests.identity.conftest import text_forms
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG

SECRETS = (HUNG["name"], HUNG["id_number"], HUNG["phone"])


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if any(f in text for f in text_forms(s))]


def _form_login(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                        if n.endswith(".xml"))


@pytest.fixture
def pinned(settings, escrow_key):
    """Production: the escrow key is pinned in the server's environment."""
    settings.ESCROW_PIN = keys.escrow_pin(keys.active_escrow())
    return escrow_key


def _admin_creates_a_custodian(boss: Client) -> User:
    response = boss.post("/admin/accounts/user/add/", {
        "username": "ke_gian", "usable_password": "true",
        "password1": "Mat-khau-ke-gian-2025", "password2": "Mat-khau-ke-gian-2025"})
    assert response.status_code == 302, response.content.decode()[:2000]
    rogue = User.objects.get(username="ke_gian")
    # the change form of the admin site sets the unit and the roles (groups)
    rogue.unit = Unit.objects.get(code="nghe_an")
    rogue.save()
    rogue.set_roles([Role.CUSTODIAN, Role.HEAD])
    return rogue


def _admin_resets(boss: Client, user: User, password: str) -> None:
    response = boss.post(f"/admin/accounts/user/{user.pk}/password/", {
        "usable_password": "true", "password1": password, "password2": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def _database_edits(admin_user, rogue, real, petition) -> bytes:
    """Rows written straight into the database, as someone with SQL access would. Returns the
    private key of the escrow key the administrator planted."""
    # roles, unit and superuser rights for the administrator's own account
    User.objects.filter(pk=admin_user.pk).update(unit=Unit.objects.get(code="nghe_an"),
                                                 is_superuser=True)
    admin_user.refresh_from_db()
    admin_user.set_roles([Role.ADMINISTRATOR, Role.CUSTODIAN, Role.HEAD])
    # access-list grants on the sealed petition
    for who in (admin_user, rogue):
        AccessGrant.objects.get_or_create(content_type_id=_ct(petition), object_id=petition.pk,
                                          user=who)
    # copies of the real custodian's key wraps, addressed to the administrator's accounts
    for who in (admin_user, rogue):
        for w in UnitKeyWrap.objects.filter(user=real):
            UnitKeyWrap.objects.get_or_create(unit_key=w.unit_key, user=who, defaults={
                "ephemeral": w.ephemeral, "nonce": w.nonce, "ciphertext": w.ciphertext})
        for w in KeyWrap.objects.filter(escrow__isnull=False):
            KeyWrap.objects.get_or_create(envelope=w.envelope, user=who, defaults={
                "reason": "custodian", "ephemeral": w.ephemeral, "nonce": w.nonce,
                "ciphertext": w.ciphertext})
    # the rogue's key row made to carry the real custodian's public key
    UserKey.objects.filter(user=rogue).update(
        public_key=bytes(UserKey.objects.get(user=real).public_key))
    # a forged approval
    CustodianApproval.objects.create(custodian=admin_user, public_key=b"\1" * 32,
                                     unit_key=UnitKey.objects.get(unit__code="nghe_an"),
                                     by=rogue, tag=b"\2" * 32)
    # an escrow key and a unit key of the administrator's own, made "active"
    private, public = crypto.generate_keypair()
    EscrowKey.objects.update(active=False)
    planted = EscrowKey.objects.create(public_key=public, fingerprint=keys.fingerprint(public),
                                       signing_public=crypto.signing_public(private))
    unit_private, unit_public = crypto.generate_keypair()
    nghe_an = Unit.objects.get(code="nghe_an")
    UnitKey.objects.filter(unit=nghe_an).update(active=False)
    statement = f"oversight/unit-key/v1|{nghe_an.pk}|{unit_public.hex()}".encode()
    fake = UnitKey.objects.create(unit=nghe_an, public_key=unit_public, signed_by=planted,
                                  signature=crypto.sign(private, statement))
    for who in (admin_user, rogue):
        w = crypto.wrap(unit_private, bytes(UserKey.objects.get(user=who).public_key))
        UnitKeyWrap.objects.create(unit_key=fake, user=who, ephemeral=w.ephemeral,
                                   nonce=w.nonce, ciphertext=w.ciphertext)
    return private


def _ct(record) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(record)).pk


def _commands_without_the_escrow_key(monkeypatch, planted_private: bytes, rogue
                                     ) -> tuple[list[str], list[bytes]]:
    """Returns the commands that ran and the escrow private keys they printed."""
    ran, printed = [], []
    EscrowKey.objects.update(active=False)  # so that `escrow-init` makes one more
    for args, stdin in [
        (("keys", "escrow-init"), ""),
        (("keys", "protect-existing"), ""),
        (("keys", "expire-disclosures"), ""),
        (("keys", "pin"), crypto.key_to_text(planted_private)),
        (("keys", "approve-custodian", rogue.username), crypto.key_to_text(planted_private)),
        (("keys", "rotate", "--escrow"), crypto.key_to_text(planted_private)),
        (("keys", "rotate", "--blind-index"), crypto.key_to_text(planted_private)),
    ]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n"))
        out = io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=io.StringIO())
            ran.append(" ".join(args))
        except CommandError:
            pass
        assert not _leaks(out.getvalue())
        printed += [crypto.key_from_text(line) for line in out.getvalue().splitlines()
                    if len(line) == 43 and " " not in line]
    return ran, printed


def _everything_they_read(client: Client, token: str, petitions) -> list[str]:
    bodies = []
    for p in petitions:
        bodies += [client.get(f"/petitions/{p.pk}/").content.decode(),
                   client.get(f"/api/petitions/{p.pk}/").content.decode(),
                   client.get(f"/api/petitions/{p.pk}/duplicate-candidates/").content.decode(),
                   client.get(f"/api/petitions/{p.pk}/grants/").content.decode()]
        api = Client(HTTP_AUTHORIZATION=f"Token {token}")
        bodies.append(api.get(f"/api/petitions/{p.pk}/").content.decode())
    for url in ("/petitions/", "/api/petitions/", "/search/?q=nguyen+van+hung",
                "/api/search/?q=nguyen van hung", "/identity/pending/", "/people/",
                "/audit/", "/api/audit/?page_size=500", "/admin/"):
        bodies.append(client.get(url).content.decode())
    for model in admin.site._registry:
        bodies.append(client.get(
            f"/admin/{model._meta.app_label}/{model._meta.model_name}/").content.decode())
    export = client.get("/reports/export/?unit=nghe_an&period=2025&format=xlsx")
    if export.status_code == 200:
        bodies.append(_xlsx_text(b"".join(export.streaming_content)
                                 if export.streaming else export.content))
    return bodies


def test_the_rogue_administrator_reads_no_sealed_identity(pinned, make_custodian, admin_user,
                                                          web, monkeypatch, settings):
    real = make_custodian("giu_khoa")
    witness = make_custodian("giu_khoa_hai")  # the control: a custodian nobody tampered with
    before = denounce()
    admin_user.is_superuser = True  # full control of the application
    admin_user.set_password("Mat-khau-quan-tri-2025")
    admin_user.save()
    boss = web(admin_user)

    rogue = _admin_creates_a_custodian(boss)
    _form_login("ke_gian", "Mat-khau-ke-gian-2025")  # its key pair is made at sign-in
    _form_login("giu_khoa", "pw-giu_khoa")  # used to hand every key to the newcomer
    planted = _database_edits(admin_user, rogue, real, before)
    _admin_resets(boss, real, "Dat-lai-boi-quan-tri-2025")
    ran, printed = _commands_without_the_escrow_key(monkeypatch, planted, rogue)
    assert "keys protect-existing" in ran and "keys escrow-init" in ran  # they did run
    assert printed  # escrow-init handed the administrator an escrow private key
    after = denounce()  # sealed after all of it

    # nothing new was wrapped to any key the administrator holds
    new_wraps = KeyWrap.objects.filter(envelope=after.identity_envelope)
    assert set(new_wraps.values_list("reason", flat=True)) == {"escrow", "unit"}
    pinned_escrow = keys.trusted_escrow()
    assert new_wraps.get(reason="escrow").escrow_id == pinned_escrow.pk
    assert new_wraps.get(reason="unit").unit_key.signed_by_id == pinned_escrow.pk

    accounts = [("admin", "Mat-khau-quan-tri-2025"), ("ke_gian", "Mat-khau-ke-gian-2025"),
                ("giu_khoa", "Dat-lai-boi-quan-tri-2025")]
    for username, password in accounts:
        client = _form_login(username, password)
        token = Client().post("/api/auth/token/", json.dumps(
            {"username": username, "password": password}),
            content_type="application/json").json()["token"]
        for body in _everything_they_read(client, token, (before, after)):
            assert not _leaks(body), username
        # and with every private key they hold, directly
        user = User.objects.get(username=username)
        private = keys.unlock(user, password)
        for p in (before, after):
            p.refresh_from_db()
            assert keys.open_identity(p.identity_envelope, user, private) is None
            for escrow_private in (planted, *printed):
                with pytest.raises(crypto.CryptoError):
                    keys.open_with_escrow(p.identity_envelope, escrow_private)

    # the control: the real custodian nobody tampered with reads both
    honest = _form_login("giu_khoa_hai", "pw-giu_khoa_hai")
    for p in (before, after):
        assert HUNG["name"] in honest.get(f"/petitions/{p.pk}/").content.decode()
    assert keys.has_wrap(after.identity_envelope, witness)


def test_without_the_pin_a_planted_escrow_key_would_be_trusted(escrow_key, make_custodian):
    """Why production pins the escrow key (check --deploy warns without it): the control that
    shows the test above can fail."""
    make_custodian("giu_khoa")
    private, public = crypto.generate_keypair()
    EscrowKey.objects.update(active=False)
    EscrowKey.objects.create(public_key=public, fingerprint=keys.fingerprint(public),
                             signing_public=crypto.signing_public(private))
    p = denounce()
    assert keys.open_with_escrow(p.identity_envelope, private)[0]["name"] == HUNG["name"]
