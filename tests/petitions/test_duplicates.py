"""Probable duplicates on intake, linking, and counting each petition once."""

import datetime as dt

from oversight.base.vietnamese import fold
from oversight.petitions import actions, duplicates
from oversight.petitions.models import Petition

CONTENT = "Tôi khiếu nại quyết định thu hồi đất số 123 của UBND huyện Nghi Lộc vì bồi thường thấp."


def test_fold_vietnamese_for_duplicates():
    assert fold("Đặng Thị HỒNG, xã Nghi Lộc!") == "dang thi hong xa nghi loc"


def test_same_petitioner_similar_content_found(make_petition):
    first = make_petition(content=CONTENT)
    found = duplicates.candidates(
        Petition.objects.all(), petitioners=[{"name": "nguyen van hung"}],
        content=CONTENT.replace("thấp", "quá thấp"), today=dt.date(2025, 4, 1))
    assert [p.pk for p, _s, reason in found] == [first.pk]
    assert found[0][2] == "petitioner"


def test_same_content_from_another_agency_found(make_petition):
    first = make_petition(content=CONTENT)
    found = duplicates.candidates(
        Petition.objects.all(), petitioners=[{"name": "Lê Văn Tám"}], content=CONTENT,
        today=dt.date(2025, 4, 1))
    assert found and found[0][0] == first and found[0][2] == "content"


def test_unrelated_not_found(make_petition):
    make_petition(content=CONTENT)
    found = duplicates.candidates(
        Petition.objects.all(), petitioners=[{"name": "Lê Văn Tám"}],
        content="Phản ánh ô nhiễm môi trường tại khu công nghiệp", today=dt.date(2025, 4, 1))
    assert found == []


def test_duplicates_counted_once(make_petition):
    a = make_petition(content=CONTENT)
    b = make_petition(content=CONTENT)
    c = make_petition(content=CONTENT)
    actions.link_duplicate(b, by=None, original=a)
    actions.link_duplicate(c, by=None, original=b)  # linked to the first of the chain
    c.refresh_from_db()
    assert c.duplicate_of == a
    assert Petition.objects.count() == 3
    assert Petition.objects.distinct_petitions().count() == 1
    assert a.events.count() == 1 and b.events.filter(kind="duplicate_linked").exists()


def test_cannot_duplicate_itself(make_petition, api, nghean):
    a = make_petition()
    r = api(nghean).post(f"/api/petitions/{a.pk}/link-duplicate/", {"original": a.pk},
                         format="json")
    assert r.status_code == 400 and "original" in r.json()


def test_api_candidates(make_petition, api, nghean):
    a = make_petition(content=CONTENT)
    b = make_petition(content=CONTENT)
    r = api(nghean).get(f"/api/petitions/{b.pk}/duplicate-candidates/").json()
    assert r[0]["id"] == a.pk
