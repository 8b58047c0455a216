"""No identity oracle (issue 13): nothing that compares a typed value with a protected identity
answers differently to a right and a wrong guess, for anyone who cannot read that identity."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oversight.audit.models import AuditEntry
from oversight.petitions import actions
from oversight.petitions import duplicates as dup
from oversight.petitions.models import Petition
from tests.identity.test_identity import denounce
from tests.petitions.conftest import HUNG

# Similar enough to the denunciation for "same petitioner" (>= 0.5), not for "same content"
# (< 0.8): the band where the old check answered differently for a right and a wrong name.
NEAR = "Chủ tịch xã nhận tiền khi cấp giấy chứng nhận đất ở thôn 5 cho gia đình tôi và hàng xóm"
WRONG = {"name": "Lê Thị Sai", "id_number": "040085009999"}


def _guess(client, person, content=NEAR):
    client.cookies["oversight_language"] = "en"
    return client.post("/petitions/duplicates/", {
        "petitioner_name": person["name"], "petitioner_id_number": person["id_number"],
        "subject": "", "content": content})


def _answer(response) -> str:
    """The answer without the CSRF token or anything else that changes per request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_the_band_discriminates_with_the_blind_index(custodian):
    """Control: with the blind index these two guesses are told apart, so the test below
    would fail if the ad hoc check still compared protected identities."""
    first = denounce()
    right = dup.candidates(Petition.objects.all(), petitioners=[HUNG], content=NEAR,
                           today=dt.date(2025, 4, 1))
    wrong = dup.candidates(Petition.objects.all(), petitioners=[WRONG], content=NEAR,
                           today=dt.date(2025, 4, 1))
    assert [(p.pk, reason) for p, _s, reason in right] == [(first.pk, "identity")]
    assert wrong == []


@pytest.mark.parametrize("field", ["name", "id_number", "both"])
def test_right_and_wrong_guesses_get_the_same_answer(field, nghean, custodian, web):
    first = denounce()
    right = {"name": WRONG["name"], "id_number": WRONG["id_number"]}
    if field in ("name", "both"):
        right["name"] = HUNG["name"]
    if field in ("id_number", "both"):
        right["id_number"] = HUNG["id_number"]
    client = web(nghean)
    assert _answer(_guess(client, right)) == _answer(_guess(client, WRONG))
    # the create form shown again with an error runs the same check
    bodies = [client.post("/petitions/new/", {
        "petitioner_name": who["name"], "petitioner_id_number": who["id_number"],
        "content": NEAR}).content.decode() for who in (right, WRONG)]
    strip = [re.sub(r'value="[^"]*"', "", b) for b in bodies]
    assert strip[0].count(f"#{first.pk}") == strip[1].count(f"#{first.pk}")
    assert "same protected petitioner" not in bodies[0] + bodies[1]


def test_content_alone_still_finds_the_protected_petition_as_possible(nghean, custodian, web):
    first = denounce()
    body = _answer(_guess(web(nghean), WRONG, content=first.subject + " " + first.content))
    assert f"#{first.pk}" in body and "possible duplicate" in body
    assert "%" not in body.split(f"#{first.pk}")[1].split("</li>")[0]  # no score


def test_the_check_is_limited_and_audited_without_the_typed_values(nghean, custodian, web,
                                                                  settings):
    settings.DUPLICATE_CHECKS_PER_MINUTE = 3
    denounce()
    client = web(nghean)
    for _i in range(3):
        assert "Too many duplicate checks" not in _answer(_guess(client, WRONG))
    limited = _answer(_guess(client, dict(HUNG)))
    assert "Too many duplicate checks" in limited
    entries = AuditEntry.objects.filter(action="petition.duplicate_check")
    assert entries.count() == 4
    assert [e.detail["refused"] for e in entries.order_by("id")] == [False] * 3 + [True]
    assert {e.username for e in entries} == {"nghean"}
    trail = " ".join(str(e.content()) for e in entries)
    for secret in (HUNG["name"], HUNG["id_number"], WRONG["name"], WRONG["id_number"]):
        assert secret not in trail


def test_registered_duplicate_says_possible_only_to_a_non_custodian(nghean, custodian, web,
                                                                   login, api):
    first = denounce()
    second = actions.create_petition(
        by=nghean, unit=first.unit, kind="denunciation", received_on=dt.date(2025, 3, 10),
        subject="Tố cáo", content=NEAR, petitioner=dict(HUNG))
    officer = web(nghean)
    officer.cookies["oversight_language"] = "en"
    body = officer.get(f"/petitions/{second.pk}/").content.decode()
    card = body.split("Probably the same")[1].split("</li>")[0]
    assert f"#{first.pk}" in card and "possible duplicate" in card and "%" not in card
    data = api(nghean).get(f"/api/petitions/{second.pk}/duplicate-candidates/").json()
    assert [(c["id"], c["reason"], c["score"]) for c in data] == [(first.pk, "possible", None)]
    # the custodian, who holds both keys, is told why
    keeper = login(custodian)
    keeper.cookies["oversight_language"] = "en"
    card = keeper.get(f"/petitions/{second.pk}/").content.decode().split(
        "Probably the same")[1].split("</li>")[0]
    assert "same protected petitioner" in card and "%" in card


def test_dossier_matches_protected_petitions_only_for_the_key_holder(nghean, custodian, unit):
    from oversight.people.dossier import build
    from oversight.people.models import Person

    petition = denounce()
    person = Person.objects.create(full_name=HUNG["name"], cccd=HUNG["id_number"],
                                   unit=unit("nghe_an"))
    urls = {who.username: [i.url for i in {s.key: s for s in build(person, who).sections}
                           ["petitions"].items] for who in (nghean, custodian)}
    assert urls == {"nghean": [], custodian.username: [f"/petitions/{petition.pk}/"]}
