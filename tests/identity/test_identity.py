"""Protected denouncer identities: sealed at rest, shown only with a custodian's key."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from oversight.accounts.roles import Role
from oversight.identity import crypto, keys
from oversight.identity.models import AccessEvent, KeyWrap, UserKey
from oversight.petitions import actions
from oversight.petitions import duplicates as dup
from oversight.units.models import Unit
from tests.identity.conftest import text_forms
from tests.petitions.conftest import HUNG

SECRETS = (HUNG["name"], HUNG["id_number"], HUNG["phone"], "Xóm 3, xã Nghi Lộc")


def denounce(by=None, unit="nghe_an", **fields):
    fields.setdefault("petitioner", dict(HUNG))
    return actions.create_petition(
        by=by, unit=Unit.objects.get(code=unit), kind="denunciation",
        received_on=dt.date(2025, 3, 3), subject="Tố cáo chủ tịch xã nhận hối lộ",
        content="Chủ tịch xã nhận tiền khi cấp giấy chứng nhận quyền sử dụng đất.", **fields)


def _dump() -> str:
    """Every text the database holds: SQLite's full dump, or on PostgreSQL every text, JSON
    and bytea column of every table."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    parts = []
    with connection.cursor() as cursor:
        cursor.execute("""SELECT table_name, column_name FROM information_schema.columns
                          WHERE table_schema = 'public' AND data_type IN
                          ('text', 'character varying', 'json', 'jsonb', 'bytea')""")
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT "{column}"::text FROM "{table}"')
            parts += [str(row[0]) for row in cursor.fetchall()]
    return "\n".join(parts)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if any(f in text for f in text_forms(s))]


def test_no_protected_identity_in_the_database(custodian, make_petition):
    p = denounce()
    protected_by_request = make_petition(petitioner={"name": "Trần Thị Mai",
                                                     "id_number": "038190000111",
                                                     "phone": "0987000111"},
                                         protection_requested=True)
    assert p.identity_protected and protected_by_request.identity_protected
    dump = _dump()
    assert not _leaks(dump)
    assert not text_forms("Trần Thị Mai") & {w for w in text_forms("Trần Thị Mai") if w in dump}
    assert "038190000111" not in dump
    # and the check is real: an unprotected complaint is in the dump
    make_petition(kind="complaint", petitioner={"name": "Phạm Văn Rõ", "id_number": "1"})
    assert any(f in _dump() for f in text_forms("Phạm Văn Rõ"))


def test_intake_needs_public_keys_only_and_refuses_without_any(nghean, custodian):
    from oversight.core.errors import RuleError
    from oversight.identity.models import EscrowKey

    p = denounce(by=nghean)
    wraps = set(KeyWrap.objects.filter(envelope=p.identity_envelope)
                .values_list("reason", flat=True))
    assert wraps == {"escrow", "unit"}  # never to a person: to the unit's key
    elsewhere = denounce(by=None, unit="ha_noi")  # no custodian in Hà Nội: the escrow alone
    assert set(KeyWrap.objects.filter(envelope=elsewhere.identity_envelope)
               .values_list("reason", flat=True)) == {"escrow"}
    # without a trusted escrow key nothing is trusted (a unit key is trusted by its signature)
    EscrowKey.objects.update(active=False)
    for unit in ("nghe_an", "ha_noi"):
        with pytest.raises(RuleError, match="custodian|người quản lý danh tính"):
            denounce(by=None, unit=unit)


@pytest.mark.parametrize("who", ["officer", "analyst", "administrator"])
def test_others_see_no_identity_in_pages_api_search_exports(who, nghean, analyst, admin_user,
                                                          custodian, api, web):
    user = {"officer": nghean, "analyst": analyst, "administrator": admin_user}[who]
    p = denounce()
    bodies = [
        web(user).get(f"/petitions/{p.pk}/").content.decode(),
        web(user).get("/petitions/").content.decode(),
        web(user).get("/search/?q=nguyen+van+hung").content.decode(),
        api(user).get(f"/api/petitions/{p.pk}/").content.decode(),
        api(user).get("/api/petitions/").content.decode(),
        api(user).get("/api/search/?q=nguyen van hung").content.decode(),
    ]
    response = api(user).get(f"/api/petitions/{p.pk}/")
    if response.status_code == 200:  # the administrator's unit does not even see it
        assert response.json()["identity_protected"] is True
        assert response.json()["petitioners"][0]["name"] is None
        assert "Protected identity" in bodies[0] or "Danh tính được bảo vệ" in bodies[0]
    for body in bodies:
        assert not _leaks(body)


def test_exports_hold_no_identity(nghean, custodian):
    """Report documents are built from figures and sentences; none reads `petitioners`."""
    from oversight.reports import documents

    denounce()
    text = ""
    for path in __import__("pathlib").Path(documents.__file__).parent.glob("*.py"):
        text += path.read_text()
    assert "petitioners" not in text and "identity_envelope" not in text


def test_custodian_unlocks_at_login_and_sees_identity(custodian, login):
    p = denounce()
    c = login(custodian)
    body = c.get(f"/petitions/{p.pk}/").content.decode()
    assert HUNG["name"] in body and HUNG["id_number"] in body
    assert AccessEvent.objects.filter(object_id=p.pk, kind="disclosed", by=custodian).exists()
    api_body = c.get(f"/api/petitions/{p.pk}/").json()
    assert api_body["petitioners"][0]["name"] == HUNG["name"]
    # the session store holds the key only encrypted; the cookie holds the other half
    from django.contrib.sessions.models import Session

    stored = "".join(s.session_data for s in Session.objects.all())
    private = keys.unlock(custodian, "pw-giu_khoa")
    assert crypto.key_to_text(private) not in stored
    c.cookies.pop("oversight_identity")
    assert HUNG["name"] not in c.get(f"/petitions/{p.pk}/").content.decode()


def test_escrow_recovery_with_the_printed_private_key(db):
    from oversight.identity.models import EscrowKey

    EscrowKey.objects.all().delete()
    out = io.StringIO()
    call_command("keys", "escrow-init", stdout=out)
    printed = [line for line in out.getvalue().splitlines()
               if len(line) == 43 and " " not in line][0]
    p = denounce()
    assert keys.open_with_escrow(p.identity_envelope, crypto.key_from_text(printed))[0] == {
        **HUNG}
    with pytest.raises(crypto.CryptoError):
        keys.open_with_escrow(p.identity_envelope, crypto.generate_keypair()[0])


def test_blind_index_finds_duplicates_of_protected_petitions(nghean, custodian):
    first = denounce()
    again = {"name": "NGUYEN  van Hung", "id_number": "040 085 001 234"}
    found = dup.candidates(first.__class__.objects.all(), petitioners=[again],
                           content=first.content, subject=first.subject,
                           today=dt.date(2025, 4, 1))
    assert [c[0].pk for c in found] == [first.pk] and found[0][2] == "identity"
    # the stored digests are HMACs, not the ID number
    assert HUNG["id_number"] not in _dump()
    second = denounce()
    found = dup.candidates(first.__class__.objects.all(), petitioners=second.petitioners,
                           content=first.content, exclude_pk=second.pk, today=dt.date(2025, 4, 1))
    assert first.pk in [c[0].pk for c in found]


def test_a_new_custodian_gets_nothing_at_another_custodians_login(custodian, make_custodian,
                                                                  login):
    """Issue 13, item 6: a user given the custodian role by an administrator used to receive
    every data key at the real custodian's next sign-in. Now nothing is given without an
    approval (tests/identity/test_custodians.py)."""
    p = denounce()
    newcomer = make_custodian("moi", approved=False)
    assert HUNG["name"] not in login(newcomer).get(f"/petitions/{p.pk}/").content.decode()
    login(custodian)
    later = denounce()
    assert not KeyWrap.objects.filter(user=newcomer).exists()
    assert not keys.has_wrap(p.identity_envelope, newcomer)
    for petition in (p, later):
        assert HUNG["name"] not in login(newcomer).get(
            f"/petitions/{petition.pk}/").content.decode()
    assert HUNG["name"] in login(custodian).get(f"/petitions/{later.pk}/").content.decode()


def test_custodian_leaving_loses_the_unit_key_others_keep_it(custodian, make_custodian):
    from oversight.identity.models import UnitKeyWrap

    other = make_custodian("khac")
    p = denounce()
    custodian.set_roles([Role.OFFICER])
    assert not UnitKeyWrap.objects.filter(user=custodian).exists()
    assert not keys.has_wrap(p.identity_envelope, custodian)
    assert keys.has_wrap(p.identity_envelope, other)
    assert KeyWrap.objects.filter(envelope=p.identity_envelope, escrow__isnull=False).exists()
    other.is_active = False
    other.save()
    assert not UnitKeyWrap.objects.filter(user=other).exists()


def test_password_change_reencrypts_private_key(custodian, login):
    p = denounce()
    c = login(custodian)
    before = bytes(UserKey.objects.get(user=custodian).public_key)
    r = c.post("/identity/password/", {"old_password": "pw-giu_khoa",
                                       "new_password1": "Mat-khau-moi-2025",
                                       "new_password2": "Mat-khau-moi-2025"})
    assert r.status_code == 302
    key = UserKey.objects.get(user=custodian)
    assert bytes(key.public_key) == before  # same key pair, new lock
    assert keys.unlock(custodian, "pw-giu_khoa") is None
    assert keys.unlock(custodian, "Mat-khau-moi-2025") is not None
    assert HUNG["name"] in login(custodian, "Mat-khau-moi-2025").get(
        f"/petitions/{p.pk}/").content.decode()


def test_admin_reset_makes_a_new_key_pair_that_needs_approval_again(custodian,
                                                                    make_custodian, login):
    other = make_custodian("khac")
    p = denounce()
    custodian.set_password("dat-lai-boi-quan-tri")
    custodian.save()
    assert not keys.has_wrap(p.identity_envelope, custodian)
    login(other)  # another custodian's sign-in gives the reset account nothing
    assert not keys.has_wrap(p.identity_envelope, custodian)
    assert HUNG["name"] not in login(custodian, "dat-lai-boi-quan-tri").get(
        f"/petitions/{p.pk}/").content.decode()


def test_rotate_escrow_and_blind_index(escrow_key, custodian, settings, monkeypatch):
    p = denounce()
    old_text = crypto.key_to_text(escrow_key)
    monkeypatch.setattr("sys.stdin", io.StringIO(old_text + "\n"))
    out = io.StringIO()
    call_command("keys", "rotate", "--escrow", "--blind-index", stdout=out)
    lines = out.getvalue().splitlines()
    new_private = crypto.key_from_text([x for x in lines if len(x) == 43 and " " not in x][0])
    new_index = [x for x in lines if x.startswith("OVERSIGHT_BLIND_INDEX_KEY=")][0].split("=")[1]
    assert keys.open_with_escrow(p.identity_envelope, new_private)[0]["name"] == HUNG["name"]
    with pytest.raises(crypto.CryptoError):
        keys.open_with_escrow(p.identity_envelope, escrow_key)
    settings.OVERSIGHT_BLIND_INDEX_KEY = new_index
    found = dup.candidates(p.__class__.objects.all(), petitioners=[HUNG], content=p.content,
                           today=dt.date(2025, 4, 1))
    assert [c[0].pk for c in found] == [p.pk]


def test_protect_existing_seals_clear_denunciations(custodian, make_petition):
    from oversight.petitions.models import Petition

    p = make_petition(kind="complaint")
    Petition.objects.filter(pk=p.pk).update(kind="denunciation")
    assert _leaks(_dump())
    out = io.StringIO()
    call_command("keys", "protect-existing", stdout=out)
    assert "Protected 1" in out.getvalue()
    assert not _leaks(_dump())


def test_transfer_keeps_the_identity_sealed_for_the_receiving_custodian(custodian,
                                                                        make_custodian,
                                                                        login, checklist):
    hn_custodian = make_custodian("hn_giu_khoa", "ha_noi")
    p = denounce()
    p = actions.classify(p, by=None, checklist=checklist("denunciation"), on=dt.date(2025, 3, 4))
    _p, received = actions.transfer(p, by=None, to_unit=Unit.objects.get(code="ha_noi"),
                                    on=dt.date(2025, 3, 5))
    assert received.identity_envelope_id == p.identity_envelope_id
    login(custodian)  # Nghệ An's custodian shares the key with Hà Nội's
    assert HUNG["name"] in login(hn_custodian).get(
        f"/petitions/{received.pk}/").content.decode()
