"""The nominee's dossier: items with their sources, need-to-know, conflict-of-interest flags."""

import datetime as dt

from oversight.people import dossier
from oversight.people.models import (
    Mention,
    Person,
)


def test_dossier_shows_items_and_counts_what_it_hides(nominee_case, nghean):
    d = dossier.build(nominee_case["hung"], nghean)
    sections = {s.key: s for s in d.sections}
    assert [i.title for i in sections["petitions"].items] == ["Tố cáo giám đốc sở"]
    assert sections["petitions"].hidden == 1
    assert sections["assets"].items and "2 tỷ" in sections["assets"].items[0].title
    assert [i.title for i in sections["companies"].items] == ["Công ty TNHH Hoa Sen"]
    assert [i.title for i in sections["company_matters"].items] == [
        "Vụ án đấu thầu thiết bị y tế"]
    assert sections["company_matters"].hidden == 1
    assert [r.person.full_name for r in d.relatives] == ["Trần Thị Lan"]


def test_conflict_flags_explain_themselves(nominee_case, nghean):
    from django.utils import translation

    with translation.override("en"):  # the sentences are checked in English
        d = dossier.build(nominee_case["hung"], nghean)
    sentences = [f.sentence for f in d.flags]
    party = [s for s in sentences if "Vụ án đấu thầu thiết bị y tế" in s]
    assert party and "Công ty TNHH Hoa Sen" in party[0] and "Trần Thị Lan" in party[0]
    assert any(("Nghệ An" in s or "Nghe An" in s) and "registered" in s for s in sentences)
    assert not any("mật Hà Nội" in s for s in sentences)
    assert d.hidden_flags == 1


def test_protected_petitioner_is_found_by_the_blind_index_only(db, unit, make_user):
    """A protected denouncer never enters the registry in clear, yet the nominee's dossier
    finds the petition through the keyed hash of the name and identity number."""

    from oversight.people.dossier import build, protected_petitions
    from oversight.petitions import actions

    petition = actions.create_petition(
        by=None, unit=unit("nghe_an"), kind="denunciation", received_on=dt.date(2025, 3, 3),
        subject="Tố cáo", content="Nội dung tố cáo",
        petitioner={"name": "Đặng Thị Mai", "id_number": "040185001111"})
    assert petition.identity_protected
    assert not Mention.objects.filter(petition=petition, role="petitioner").exists()
    person = Person.objects.create(full_name="Đặng Thị Mai", cccd="040185001111",
                                   unit=unit("nghe_an"))
    assert list(protected_petitions(person)) == [petition]
    stranger = Person.objects.create(full_name="Đặng Thị Mai", cccd="040185009999",
                                     unit=unit("nghe_an"))
    # The same name with another ID number still matches on the name digest: the match is a
    # lead for an officer, not a link.
    assert list(protected_petitions(stranger)) == [petition]
    other = Person.objects.create(full_name="Trần Văn Bình", unit=unit("nghe_an"))
    assert not protected_petitions(other).exists()
    # An officer who cannot read the identity is not told of the match (no oracle: the
    # nominee's name is typed by whoever makes the appraisal); the custodian who holds the
    # key is (tests/identity/test_oracle.py).
    officer = make_user("dossier_officer", "nghe_an")
    sections = {s.key: s for s in build(person, officer).sections}
    assert [item.url for item in sections["petitions"].items] == []
