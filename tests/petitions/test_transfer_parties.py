"""A transferred petition's sender is a party to the receiver's record that follows it
(core.parties, `scope_followers`): the sender and its successors after the 2025 merger see the
receiver's status and dates through `restrict(user, FOLLOW)`; a third unit does not; nobody on
the sender's side reads or changes the receiver's record, and the sender's lists hold its own
petitions only."""

import datetime as dt

import pytest

from oversight.core.classification import SecurityClassification
from oversight.core.models import AccessGrant
from oversight.core.scoping import CHANGE, FOLLOW, VIEW, can
from oversight.petitions import actions
from oversight.petitions.models import Petition
from oversight.petitions.transfers import transfer_progress
from oversight.units.models import Unit

URL = "/api/petitions/"


@pytest.fixture
def people(make_user):
    return {
        "sender": make_user("qb_officer", "quang_binh"),  # the province that transferred it
        "successor": make_user("qt_officer", "quang_tri"),  # Quảng Trị succeeded Quảng Bình
        "receiver": make_user("hn_officer", "ha_noi"),
        "third": make_user("na_officer", "nghe_an"),
    }


@pytest.fixture
def transferred(make_petition, checklist):
    """(the sender's petition, the receiver's record), the receiver having accepted it."""
    p = make_petition("quang_binh", subject="Khiếu nại CHUYEN-DON-4417")
    p = actions.classify(p, by=None, checklist=checklist(p.kind), on=dt.date(2025, 3, 4))
    p, received = actions.transfer(p, by=None, to_unit=Unit.objects.get(code="ha_noi"),
                                   on=dt.date(2025, 3, 5))
    received = actions.classify(received, by=None, checklist=checklist(received.kind),
                                on=dt.date(2025, 3, 6))
    received = actions.accept(received, by=None, on=dt.date(2025, 3, 7))
    return p, received


@pytest.mark.parametrize("who, follows", [
    ("sender", True), ("successor", True), ("receiver", False), ("third", False)])
def test_sender_and_successor_follow_the_receiver_s_record(who, follows, people, transferred):
    p, received = transferred
    user = people[who]
    assert can(user, FOLLOW, received) is (follows or who == "receiver")
    # Following is not reading: VIEW and CHANGE stay with the receiver.
    assert can(user, VIEW, received) is (who == "receiver")
    assert can(user, CHANGE, received) is (who == "receiver")
    rows = transfer_progress(p, user)
    if follows:
        assert [(r["unit"], r["status"], r["accepted_on"]) for r in rows] == [
            ("ha_noi", "accepted", dt.date(2025, 3, 7))]
        assert "subject" not in rows[0] and "content" not in rows[0]
    elif who == "third":
        assert rows == []


def test_sender_api_and_page_show_progress_not_the_record(people, transferred, api, web):
    p, received = transferred
    for who in ("sender", "successor"):
        c = api(people[who])
        body = c.get(f"{URL}{p.pk}/").json()
        assert [(t["unit"], t["status"]) for t in body["transfers"]] == [("ha_noi", "accepted")]
        assert c.get(f"{URL}{received.pk}/").status_code == 404
        assert c.post(f"{URL}{received.pk}/settle/", {}, format="json").status_code == 404
        # its list (and so its counts) holds its own petition only
        assert [r["id"] for r in c.get(URL).json()["results"]] == [p.pk]
        page = web(people[who]).get(f"/petitions/{p.pk}/").content.decode()
        assert "Tiến độ xử lý tại đơn vị được chuyển đơn" in page  # the progress card
        assert web(people[who]).get(f"/petitions/{received.pk}/").status_code == 404
    # Control: a third unit reaches neither record; the receiver's page has no progress card.
    page = web(people["receiver"]).get(f"/petitions/{received.pk}/").content.decode()
    assert "Tiến độ xử lý tại đơn vị được chuyển đơn" not in page
    c = api(people["third"])
    assert c.get(f"{URL}{p.pk}/").status_code == 404
    assert c.get(URL).json()["count"] == 0
    assert Petition.objects.restrict(people["third"], FOLLOW).count() == 0
    # The receiver's list holds its record, not the sender's.
    assert [r["id"] for r in api(people["receiver"]).get(URL).json()["results"]] == [
        received.pk]


def test_follow_adds_only_the_followed_rows(people, transferred, analyst):
    p, received = transferred
    sender = people["sender"]
    assert set(Petition.objects.restrict(sender, VIEW)) == {p}
    assert set(Petition.objects.restrict(sender, FOLLOW)) == {p, received}
    assert set(Petition.objects.restrict(people["receiver"], FOLLOW)) == {received}
    assert set(Petition.objects.restrict(analyst, FOLLOW)) == {p, received}


def test_a_secret_transfer_is_followed_by_who_may_see_the_sender_s_petition(
        people, transferred, make_user):
    p, received = transferred
    Petition.objects.filter(pk__in=[p.pk, received.pk]).update(
        security_classification=SecurityClassification.SECRET)
    p.refresh_from_db()
    sender = people["sender"]
    # Not on the sender's petition's access list: neither it nor its progress.
    assert transfer_progress(p, sender) == []
    assert not can(sender, FOLLOW, received)
    # On it (though not on the receiver's): the progress, still not the receiver's record.
    AccessGrant.objects.create(user=sender, record=p)
    assert [r["status"] for r in transfer_progress(p, sender)] == ["accepted"]
    assert not can(sender, VIEW, received)
    # A third unit's officer granted the sender's petition is no party: nothing.
    third = people["third"]
    AccessGrant.objects.create(user=third, record=p)
    assert transfer_progress(p, third) == []


def test_followers_must_be_parties():
    from django.core.exceptions import ImproperlyConfigured

    from oversight.core.parties import follower_paths, reading_party_paths

    assert follower_paths(Petition) == {"transferred_from__unit": "transferred_from"}
    assert reading_party_paths(Petition, VIEW) == ()
    assert reading_party_paths(Petition, FOLLOW) == ("transferred_from__unit",)

    class Broken:
        scope_unit_field = "unit"
        scope_unit_paths = ("unit",)
        scope_followers = {"transferred_from__unit": "transferred_from"}

    with pytest.raises(ImproperlyConfigured):
        follower_paths(Broken)


def test_petition_lists_read_one_table(people, transferred):
    """Followers cost the lists nothing (issue 17): VIEW on petitions is the owner's units
    and the classification, no join; only FOLLOW reaches the sender's record."""
    sender = people["sender"]
    view = str(Petition.objects.restrict(sender, VIEW).query).upper()
    assert " JOIN " not in view
    follow = str(Petition.objects.restrict(sender, FOLLOW).query).upper()
    assert " JOIN " in follow  # control: the query text shows a join when there is one


def _progress(user, p, api, web) -> tuple[list, list]:
    """(the page's progress rows, the API's) for `user` on the sender's petition `p`."""
    page = web(user).get(f"/petitions/{p.pk}/").context["transfers"]
    body = api(user).get(f"{URL}{p.pk}/").json()["transfers"]
    return ([(r["unit"], r["status"], r["accepted_on"]) for r in page],
            [(r["unit"], r["status"], dt.date.fromisoformat(r["accepted_on"])) for r in body])


def test_page_and_api_read_the_same_progress(people, transferred, api, web):
    """The progress is one query (petitions/transfers.py), read by the page and the API's
    detail alike (issue 18: it lived in the serializers module, imported by the web view)."""
    p, _received = transferred
    for who in ("sender", "successor"):
        by_page, by_api = _progress(people[who], p, api, web)
        assert by_page == by_api == [("ha_noi", "accepted", dt.date(2025, 3, 7))]


def test_control_a_page_with_a_reading_of_its_own_disagrees(people, transferred, api, web,
                                                          monkeypatch):
    """The control: a page that read the receivers' records its own way (VIEW, as a prefetch
    would) shows the sender nothing, and the comparison above sees it."""
    from oversight.petitions import views

    monkeypatch.setattr(views, "transfer_progress", lambda petition, user: [
        {"unit": r.unit.code, "status": r.status, "accepted_on": r.accepted_on}
        for r in Petition.objects.restrict(user, VIEW).filter(transferred_from=petition)])
    p, _received = transferred
    by_page, by_api = _progress(people["sender"], p, api, web)
    assert by_page == [] and by_api != by_page
