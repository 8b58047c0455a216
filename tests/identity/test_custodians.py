"""Custodians are made by custodians (issue 13): a new custodian receives the unit's key only
when a custodian who holds it approves (one or two approvals, OVERSIGHT_CUSTODIAN_APPROVALS),
or with the offline escrow key; disclosures are one request for one requester, and expire."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from oversight.audit.models import AuditEntry
from oversight.core.errors import RuleError
from oversight.identity import actions as identity_actions
from oversight.identity import crypto, keys
from oversight.identity.models import (
    CustodianApproval,
    DisclosureRequest,
    KeyWrap,
    UnitKey,
    UnitKeyWrap,
)
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG


def _fingerprint_on_screen(client) -> str:
    """What the new custodian reads from their own page (computed from their unlocked key)."""
    body = client.get("/identity/pending/").content.decode()
    return re.search(r'id="my-fingerprint">([0-9A-F ]+)<', body).group(1)


def _reads(client, petition) -> bool:
    return HUNG["name"] in client.get(f"/petitions/{petition.pk}/").content.decode()


def test_one_approval_through_the_custodian_page(custodian, make_custodian, login):
    before = denounce()
    newcomer = make_custodian("moi", approved=False)
    new_client = login(newcomer)
    assert not _reads(new_client, before)
    spoken = _fingerprint_on_screen(new_client)
    keeper = login(custodian)
    desk = keeper.get("/identity/pending/").content.decode()
    assert "moi" in desk and f'/identity/custodians/{newcomer.pk}/approve/' in desk
    # a wrong fingerprint (a key swapped in the database would not match) is refused
    keeper.post(f"/identity/custodians/{newcomer.pk}/approve/", {"fingerprint": "0000 1111"})
    assert not UnitKeyWrap.objects.filter(user=newcomer).exists()
    keeper.post(f"/identity/custodians/{newcomer.pk}/approve/", {"fingerprint": spoken})
    assert UnitKeyWrap.objects.get(user=newcomer).approved_by == custodian
    new_client = login(newcomer)
    assert _reads(new_client, before) and _reads(new_client, denounce())
    entry = AuditEntry.objects.get(action="identity.custodian_approved",
                                   object_id=str(newcomer.pk))
    assert entry.username == custodian.username and entry.object_id == str(newcomer.pk)
    assert "moi" not in keeper.get("/identity/pending/").content.decode().split(
        'id="custodians"')[1].split("</ul>")[0]


def test_two_approvals_when_configured_and_a_forged_one_counts_for_nothing(
        settings, custodian, make_custodian, make_user, login):
    settings.CUSTODIAN_APPROVALS = 2
    second = make_custodian("thu_hai")
    p = denounce()
    newcomer = make_custodian("moi", approved=False)
    spoken = _fingerprint_on_screen(login(newcomer))
    # someone with the database writes an approval row by a made-up "custodian"
    accomplice = make_user("dong_pham", roles=("custodian",))
    CustodianApproval.objects.create(
        custodian=newcomer, public_key=bytes(newcomer.identity_key.public_key),
        unit_key=UnitKey.objects.get(unit=newcomer.unit), by=accomplice, tag=b"\0" * 32)
    login(custodian).post(f"/identity/custodians/{newcomer.pk}/approve/",
                          {"fingerprint": spoken})
    assert not _reads(login(newcomer), p)  # the forged row did not make a second approval
    assert AuditEntry.objects.filter(action="identity.approval_forged").exists()
    assert CustodianApproval.objects.filter(custodian=newcomer).count() == 1
    login(second).post(f"/identity/custodians/{newcomer.pk}/approve/", {"fingerprint": spoken})
    assert _reads(login(newcomer), p)
    assert not CustodianApproval.objects.exists()


def test_only_a_holder_of_the_unit_key_approves(custodian, make_custodian, login):
    waiting = make_custodian("cho", approved=False)
    newcomer = make_custodian("moi", approved=False)
    spoken = _fingerprint_on_screen(login(newcomer))
    response = login(waiting).post(f"/identity/custodians/{newcomer.pk}/approve/",
                                   {"fingerprint": spoken})
    assert response.status_code == 404
    with pytest.raises(RuleError):
        keys.approve_custodian(newcomer, by=waiting, private=keys.unlock(waiting, "pw-cho"),
                               fingerprint_typed=spoken)
    hanoi_keeper = make_custodian("hn", "ha_noi")
    with pytest.raises(RuleError):  # another unit's custodian does not hold this unit's key
        keys.approve_custodian(newcomer, by=hanoi_keeper, private=keys.unlock(hanoi_keeper,
                                                                             "pw-hn"),
                               fingerprint_typed=spoken)
    assert not UnitKeyWrap.objects.filter(user=newcomer).exists()


def test_the_first_custodian_of_a_unit_is_made_with_the_escrow_key(escrow_key, make_custodian,
                                                                   login, monkeypatch):
    p = denounce(unit="ha_noi")  # sealed to the escrow only: Hà Nội has no custodian yet
    assert set(KeyWrap.objects.filter(envelope=p.identity_envelope)
               .values_list("reason", flat=True)) == {"escrow"}
    first = make_custodian("hn_dau_tien", "ha_noi", approved=False)
    with pytest.raises(CommandError):  # a wrong key gives nothing
        monkeypatch.setattr("sys.stdin", io.StringIO(
            crypto.key_to_text(crypto.generate_keypair()[0]) + "\n"))
        call_command("keys", "approve-custodian", first.username, stdout=io.StringIO())
    assert not UnitKeyWrap.objects.filter(user=first).exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(crypto.key_to_text(escrow_key) + "\n"))
    call_command("keys", "approve-custodian", first.username, stdout=io.StringIO())
    assert _reads(login(first), p)  # identities sealed before the unit had a key too
    assert _reads(login(first), denounce(unit="ha_noi"))


def test_pending_page_in_both_languages(custodian, make_custodian, login):
    make_custodian("moi", approved=False)
    keeper = login(custodian)
    vi = keeper.get("/identity/pending/").content.decode()
    keeper.cookies["oversight_language"] = "en"
    en = keeper.get("/identity/pending/").content.decode()
    assert "Custodians awaiting approval" in en and "Your key" in en
    assert "Custodians awaiting approval" not in vi and "moi" in vi


# --- disclosures --------------------------------------------------------------------------------

def test_one_request_for_one_requester(nghean, custodian, login, make_user):
    p = denounce()
    login(nghean)
    identity_actions.request_disclosure(p, by=nghean, reason="Xác minh")
    with pytest.raises(RuleError):
        identity_actions.request_disclosure(p, by=nghean, reason="Lần nữa")
    colleague = make_user("dong_nghiep")
    login(colleague)
    req = DisclosureRequest.objects.get(requester=nghean)
    identity_actions.approve_disclosure(req, by=custodian,
                                        private=keys.unlock(custodian, "pw-giu_khoa"))
    assert keys.has_wrap(p.identity_envelope, nghean)
    assert not keys.has_wrap(p.identity_envelope, colleague)  # approved for the requester only
    with pytest.raises(RuleError):  # decided once
        identity_actions.approve_disclosure(req, by=custodian,
                                            private=keys.unlock(custodian, "pw-giu_khoa"))


def test_a_disclosure_expires(nghean, custodian, login, settings):
    settings.DISCLOSURE_DAYS = 30
    p = denounce()
    officer = login(nghean)
    req = identity_actions.request_disclosure(p, by=nghean, reason="Xác minh")
    identity_actions.approve_disclosure(req, by=custodian,
                                        private=keys.unlock(custodian, "pw-giu_khoa"))
    req.refresh_from_db()
    assert req.expires_at - timezone.now() > dt.timedelta(days=29)
    assert _reads(officer, p)
    KeyWrap.objects.filter(user=nghean).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    DisclosureRequest.objects.filter(pk=req.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not _reads(officer, p)  # sealed again at once
    officer = login(nghean)  # the wrap is deleted at sign-in (and by the daily task)
    assert not KeyWrap.objects.filter(user=nghean).exists()
    assert not _reads(officer, p)
    req.refresh_from_db()
    assert req.status == "expired"
    # a new request may be made and decided
    identity_actions.request_disclosure(p, by=nghean, reason="Cần xem lại")


def test_an_escrow_key_made_before_it_could_sign_is_completed_by_its_holder(escrow_key,
                                                                           make_custodian,
                                                                           monkeypatch):
    """Upgrading: an escrow row without its signing half still seals (escrow only) and signs
    nothing until the holder of its private key completes it."""
    from oversight.identity.models import EscrowKey

    EscrowKey.objects.update(signing_public=b"")
    p = denounce()
    assert set(KeyWrap.objects.filter(envelope=p.identity_envelope)
               .values_list("reason", flat=True)) == {"escrow"}
    assert keys.verified_unit_keys() == {}
    monkeypatch.setattr("sys.stdin", io.StringIO(crypto.key_to_text(escrow_key) + "\n"))
    out = io.StringIO()
    call_command("keys", "pin", stdout=out)
    assert keys.escrow_pin(keys.active_escrow()) in out.getvalue()
    custodian = make_custodian()  # approved with the escrow key: the unit key is made
    assert keys.has_wrap(p.identity_envelope, custodian)
