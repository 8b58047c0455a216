"""core.notify: one function that tells users about a record, without flooding them; the events
that call it (a petition transferred to a unit, a direction issued or urged, a portal report)."""

from __future__ import annotations

import datetime as dt

import pytest

from oversight.accounts.roles import Role
from oversight.core.models import Notification
from oversight.core.notify import notify
from oversight.petitions import actions
from oversight.units.models import Unit


def test_notify_one_or_many_with_the_records_link(make_petition, nghean, make_user):
    petition = make_petition()
    other = make_user("other", "nghe_an")
    left = make_user("left", "nghe_an", is_active=False)
    assert notify(nghean, "escalated", petition, "Bước leo thang 1") == 1
    assert notify([other, left, None, other], "escalated", petition, "Bước leo thang 1") == 1
    note = Notification.objects.get(user=nghean)
    assert (note.kind, note.record_type, note.record_id) == (
        "escalated", "petitions.petition", petition.pk)
    assert note.link == f"/petitions/{petition.pk}/"
    assert note.get_kind_display()
    assert not Notification.objects.filter(user=left).exists()


def test_the_same_news_twice_a_day_is_one_notice(make_petition, nghean):
    petition = make_petition()
    notify(nghean, "escalated", petition, "first")
    assert notify(nghean, "escalated", petition, "second") == 0
    assert list(Notification.objects.filter(user=nghean).values_list("text", flat=True)) == [
        "second"]
    # once read, new news is a new notice; another record or kind is always new
    Notification.objects.update(read=True)
    assert notify(nghean, "escalated", petition, "third") == 1
    assert notify(nghean, "overdue", petition, "x") == 1
    assert notify(nghean, "overdue", make_petition(), "x") == 1
    # notices without a record are never merged (a free sentence)
    assert notify(nghean, "general", None, "a") == notify(nghean, "general", None, "a") == 1


def test_a_transferred_petition_tells_the_receiving_units_staff(make_petition, make_user,
                                                                nghean, checklist):
    head = make_user("hn_head", "ha_noi", roles=(Role.HEAD,))
    officer = make_user("hn_officer", "ha_noi")
    reader = make_user("hn_reader", "ha_noi", roles=(Role.CENTRAL_ANALYST,))
    petition = make_petition(kind="denunciation", received_on=dt.date(2025, 3, 3))
    petition = actions.classify(petition, by=nghean, checklist=checklist(petition.kind),
                                on=dt.date(2025, 3, 4))
    _old, received = actions.transfer(petition, by=nghean, to_unit=Unit.objects.get(
        code="ha_noi"), reason="Không thuộc thẩm quyền")
    told = set(Notification.objects.filter(kind="transferred").values_list("user__username",
                                                                           flat=True))
    assert told == {head.username, officer.username}
    assert reader.username not in told
    note = Notification.objects.get(user=head)
    assert note.record_id == received.pk and str(received.pk) in note.link


@pytest.mark.django_db
def test_a_direction_issued_and_urged_tells_the_addressee(make_matter, make_user):
    from oversight.matters import actions as matter_actions

    officer = make_user("na_officer", "nghe_an")
    matter = make_matter()
    direction = matter_actions.issue_direction(
        by=None, matter=matter, text="Báo cáo kết quả xác minh", issued_on=dt.date(2024, 4, 1),
        due_on=dt.date(2024, 6, 30), addressee=Unit.objects.get(code="nghe_an"))
    note = Notification.objects.get(user=officer, kind="direction_issued")
    assert "30/06/2024" in note.text and note.link == f"/directions/{direction.pk}/"
    matter_actions.urge_direction(direction, by=None, note="Khẩn trương")
    assert Notification.objects.filter(user=officer, kind="direction_urged").count() == 1
