"""The people registry shows a mention only with the record it is in (issue 13, point 3): a
mention in a secret petition or a secret matter's defendant is absent from the person page,
/api/people/{id}/mentions/ and the dossier alike, for a user of the same unit not on the
access list; `hidden` counts only the user's own unit's records; the access list sees them."""

from __future__ import annotations

import pytest

from oversight.matters import actions as matter_actions
from oversight.people.linking import registry
from oversight.people.models import Mention, Person
from tests.people.conftest import HUNG
from tests.test_scope import _classify, _grant

SECRET_PETITION = {"name": "Phạm Thị Bí Mật", "id_number": "040180009999",
                   "phone": "0987000111", "birth": "01/01/1980"}


@pytest.fixture
def registry_case(petition_by, make_matter):
    """Hùng is named in an open Nghệ An petition and as a defendant of a secret Nghệ An
    matter; Phạm Thị Bí Mật only in a secret Nghệ An petition; both in a Hà Nội one."""
    here = petition_by(HUNG)
    secret_petition = petition_by(SECRET_PETITION, subject="Khiếu nại XK-77")
    petition_by({**HUNG, "name": "NGUYEN VAN HUNG"}, "ha_noi")
    matter = make_matter("nghe_an", title="Vụ án XK-78")
    matter_actions.add_defendant(matter, by=None, full_name="Nguyễn Văn Hùng",
                                 position="Giám đốc XK-79")
    registry.full_relink()
    hung = Mention.objects.get(petition=here, role="petitioner").person
    defendant = Mention.objects.get(defendant__matter=matter)
    if defendant.person_id != hung.pk:
        registry.merge_persons(hung, defendant.person)
    _classify(secret_petition, "secret")
    _classify(matter, "secret")
    hidden_person = Mention.objects.get(petition=secret_petition).person
    return {"hung": hung, "matter": matter, "secret_petition": secret_petition,
            "hidden_person": hidden_person}


def _bodies(web, api, user, person) -> dict[str, str]:
    return {
        "page": web(user).get(f"/people/{person.pk}/").content.decode(),
        "dossier": web(user).get(f"/people/{person.pk}/dossier/").content.decode(),
        "api-mentions": api(user).get(f"/api/people/{person.pk}/mentions/").content.decode(),
        "api-dossier": api(user).get(f"/api/people/{person.pk}/dossier/").content.decode(),
    }


def test_secret_mentions_are_absent_and_counted_only_at_home(registry_case, nghean, web, api):
    hung = registry_case["hung"]
    matter = registry_case["matter"]
    for where, body in _bodies(web, api, nghean, hung).items():
        assert "XK-78" not in body and "XK-79" not in body, where
        assert f"/matters/{matter.pk}/" not in body, where
    data = api(nghean).get(f"/api/people/{hung.pk}/mentions/").json()
    assert {m["role"] for m in data["results"]} == {"petitioner"}
    # The secret matter's defendant is one of this unit's records: counted, never named.
    # The Hà Nội petition is another unit's: not even counted.
    assert data["hidden"] == 1
    assert sum(s["hidden"] for s in api(nghean).get(
        f"/api/people/{hung.pk}/dossier/").json()["sections"] if s["key"] == "matters") == 1


def test_a_person_known_only_from_a_secret_record_is_not_in_the_registry(registry_case,
                                                                         nghean, web, api):
    person = registry_case["hidden_person"]
    assert api(nghean).get(f"/api/people/{person.pk}/").status_code == 404
    assert web(nghean).get(f"/people/{person.pk}/").status_code == 404
    for url in ("/api/people/?page_size=500", "/people/?q=Pham"):
        body = (api if url.startswith("/api/") else web)(nghean).get(url).content.decode()
        assert "Bí Mật" not in body and "040180009999" not in body and "0987000111" not in body


def test_the_access_list_sees_them(registry_case, nghean, web, api):
    _grant(registry_case["matter"], nghean)
    _grant(registry_case["secret_petition"], nghean)
    hung, person = registry_case["hung"], registry_case["hidden_person"]
    bodies = _bodies(web, api, nghean, hung)
    matter = registry_case["matter"]
    assert f"/matters/{matter.pk}/" in bodies["page"] and "XK-78" in bodies["dossier"]
    assert "XK-79" in bodies["api-mentions"]
    data = api(nghean).get(f"/api/people/{person.pk}/mentions/").json()
    assert data["results"][0]["id_number"] == "040180009999" and data["hidden"] == 0
    assert api(nghean).get(f"/api/people/{hung.pk}/mentions/").json()["hidden"] == 0
    assert Person.objects.restrict(nghean).filter(pk=person.pk).exists()


SECRET_PHONE, SECRET_STREET = "0966777888", "Số 9 ngõ Kín"


@pytest.fixture
def summed_case(petition_by):
    """Hùng in an open petition, and in a secret one with another phone and address: the
    person row sums up both (`refresh_person`)."""
    petition_by(HUNG)
    secret = petition_by({**HUNG, "phone": SECRET_PHONE,
                          "address": f"{SECRET_STREET}, xã Nghi Lộc, Nghệ An"},
                         subject="Khiếu nại XK-80")
    registry.full_relink()
    person = Mention.objects.get(petition=secret).person
    assert SECRET_PHONE in person.phones  # what is stored sums up every mention
    _classify(secret, "secret")
    return person, secret


def _person_bodies(web, api, user, person) -> dict[str, str]:
    return {
        "page": web(user).get(f"/people/{person.pk}/").content.decode(),
        "dossier": web(user).get(f"/people/{person.pk}/dossier/").content.decode(),
        "api-person": api(user).get(f"/api/people/{person.pk}/").content.decode(),
        "api-list": api(user).get("/api/people/?page_size=500").content.decode(),
        "export": web(user).get("/people/?export=csv").content.decode("utf-8-sig"),
    }


def test_a_persons_summed_fields_leave_out_what_withheld_records_say(summed_case, nghean, web,
                                                                     api):
    person, _secret = summed_case
    for where, body in _person_bodies(web, api, nghean, person).items():
        assert SECRET_PHONE not in body and SECRET_STREET not in body, where
    assert HUNG["id_number"] in _person_bodies(web, api, nghean, person)["api-person"]
    shown = Person.objects.restrict(nghean).get(pk=person.pk)
    with pytest.raises(RuntimeError):
        shown.save()  # a reader's share is never written back
    person.refresh_from_db()
    assert SECRET_PHONE in person.phones


def test_control_the_access_list_sees_the_whole_sum(summed_case, nghean, web, api):
    person, secret = summed_case
    _grant(secret, nghean)
    bodies = _person_bodies(web, api, nghean, person)
    assert SECRET_PHONE in bodies["api-person"] and SECRET_STREET in bodies["page"]


def test_a_number_known_only_from_a_withheld_record_finds_no_one(summed_case, nghean, web, api):
    """No oracle: the registry's search finds Hùng by his open phone, not by the secret one;
    the access list finds him by both (the control)."""
    person, secret = summed_case

    def found(number: str) -> bool:
        return f"/people/{person.pk}/" in web(nghean).get(f"/people/?q={number}").content.decode()

    assert found(HUNG["phone"]) and not found(SECRET_PHONE)
    _grant(secret, nghean)
    assert found(SECRET_PHONE)
