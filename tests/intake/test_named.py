"""Names in the text: persons and organisations extracted, matched against the registry; the
nominee's dossier gains the petition; an assignee related to a person named is flagged."""

from __future__ import annotations

import datetime as dt

from oversight.accounts.roles import Role
from oversight.core.models import Notification
from oversight.intake import names, reading, synthetic
from oversight.intake.models import Draft
from oversight.people import actions as people_actions
from oversight.people import dossier, named
from oversight.people.models import Person, Relation
from oversight.petitions import actions as petition_actions

TEXT = ("Tôi tố cáo ông Trần Quốc Hưng, Giám đốc Sở Xây dựng, đã nhận 350.000.000 đồng của "
        "Công ty TNHH Hoa Sen. Bà Lê Thị Mai, Kế toán UBND xã Nghi Phú cũng biết việc này.")


def test_persons_and_organisations_are_extracted():
    found = {(n.kind, n.name): n for n in names.extract(TEXT)}
    assert ("person", "Trần Quốc Hưng") in found
    assert found[("person", "Trần Quốc Hưng")].position == "Giám đốc Sở Xây dựng"
    assert ("person", "Lê Thị Mai") in found
    assert ("organisation", "Công ty TNHH Hoa Sen") in found
    assert ("organisation", "Sở Xây dựng") in found
    assert not [n for n in found.values() if n.name in ("Tôi", "Bà Lê")]


def test_extraction_on_generated_letters_finds_the_named_persons():
    """Recall on letters generated independently of the rules (intake.synthetic)."""
    wanted = hits = 0
    for seed in range(40):
        letter = synthetic.letter(seed)
        proposed = reading.propose(letter.text)
        got = {r["name"] for r in proposed["respondents"]}
        wanted += len(letter.persons)
        hits += len(set(letter.persons) & got)
        assert proposed["sender"]["name"] == letter.sender
        assert letter.sender not in got
    assert hits / wanted >= 0.95


def _draft(unit, text):
    return Draft.objects.create(unit=unit, source="scan", status="ready", text=text,
                                proposed=reading.propose(text))


def test_a_named_nominee_appears_on_the_dossier(api, nghean, unit):
    nghe_an = unit("nghe_an")
    hung = Person.objects.create(full_name="Trần Quốc Hưng", unit=nghe_an)
    appraisal = people_actions.create_appraisal(
        by=None, unit=nghe_an, requesting_body="Ban Tổ chức Tỉnh ủy", purpose="appointment",
        received_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 4, 1), nominees=[hung])
    earlier = petition_actions.create_petition(
        by=None, unit=nghe_an, kind="reflection", received_on=dt.date(2025, 1, 6),
        subject="Phản ánh", content="Phản ánh ông Trần Quốc Hưng", anonymous=True,
        respondents=[{"name": "Trần Quốc Hưng"}])
    named.link_named(earlier)
    draft = _draft(nghe_an, TEXT)
    response = api(nghean).post(f"/api/intake/drafts/{draft.pk}/register/",
                                {"kind": "reflection", "anonymous": True,
                                 "received_on": "2025-06-02"}, format="json")
    assert response.status_code == 201, response.content
    petition_id = response.json()["id"]
    sections = {s.key: s for s in dossier.build(hung, nghean).sections}
    assert petition_id in [int(i.url.strip("/").split("/")[-1])
                           for i in sections["petitions"].items]
    from django.utils import translation

    people = named.named_in(earlier.__class__.objects.get(pk=petition_id), nghean)
    with translation.override("en"):
        sentence = next(p.sentence for p in people if p.name == "Trần Quốc Hưng")
    assert sentence == (f"Trần Quốc Hưng (1 earlier petition(s), nominee in appraisal "
                        f"#{appraisal.pk})")
    # shown on the petition's page, with a link to the dossier
    from django.test import Client

    client = Client()
    client.force_login(nghean)
    page = client.get(f"/petitions/{petition_id}/").content.decode()
    assert "Trần Quốc Hưng (1 đơn trước đó, là nhân sự trong đợt thẩm định" in page
    assert f"/people/{hung.pk}/dossier/" in page


def test_assigning_to_a_relative_of_a_person_named_is_flagged(make_user, unit):
    nghe_an = unit("nghe_an")
    officer = make_user("can_bo_lan", "nghe_an")
    head = make_user("truong_ban", "nghe_an", roles=(Role.HEAD,))
    lan = Person.objects.create(full_name="Trần Thị Lan", unit=nghe_an, officer=officer)
    hung = Person.objects.create(full_name="Trần Quốc Hưng", unit=nghe_an)
    Relation.objects.create(person=lan, other=hung, kind="sibling")
    stranger = make_user("can_bo_khac", "nghe_an")
    draft = _draft(nghe_an, TEXT)
    from oversight.intake import actions

    petition = actions.register(draft, by=officer, kind="reflection", subject="Phản ánh",
                                content=TEXT, anonymous=True,
                                respondents=draft.proposed["respondents"])
    petition_actions.assign(petition, by=head, assignee=stranger)
    assert not named.conflicts(petition.__class__.objects.get(pk=petition.pk))
    assert not Notification.objects.filter(user=head).exists()

    petition_actions.assign(petition, by=head, assignee=officer)
    petition.refresh_from_db()
    found = named.conflicts(petition)
    assert len(found) == 1 and "Trần Quốc Hưng" in str(found[0].sentence)
    assert "Trần Thị Lan" in str(found[0].sentence)
    notes = Notification.objects.filter(user=head)
    assert notes.count() == 1 and "Trần Quốc Hưng" in notes.get().text
    # the officer is told of the assignment, never of the conflict about them
    assert list(Notification.objects.filter(user=officer).values_list("kind", flat=True)) == [
        "assigned"]
