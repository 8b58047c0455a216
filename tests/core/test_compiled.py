"""A query compiled once (`base.compiled.Compiled`) answers what its queryset answers, for
every value it is sent with.

Each use — the bell's unread notices, a list's saved filters — against its queryset evaluated
as usual, for readers with none, some and more than the cap, on the database the suite runs
on; a query with converters (a date and time, a yes/no) gives the same Python values. Control:
a statement sent with the values it was compiled with (the stand-ins never replaced) answers
for nobody, and the comparison catches it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oversight.accounts.models import SavedFilter
from oversight.base.compiled import Compiled
from oversight.core import views as core_views
from oversight.core.models import Notification
from oversight.petitions import views as petition_views
from tests.petitions.conftest import make_petition  # noqa: F401 (fixture)


def _notices(user, count: int, read_every: int = 3):
    start = timezone.now() - dt.timedelta(days=1)
    Notification.objects.bulk_create(
        Notification(user=user, text=f"Thông báo {i}", link=f"/petitions/{i}/",
                     record_type="petitions.petition" if i % 2 else "", record_id=i or None,
                     read=(i % read_every == 0), created_at=start + dt.timedelta(minutes=i % 7))
        for i in range(count))


def _unread_as_usual(user) -> list[tuple]:
    return list(Notification.objects.filter(user_id=user.pk, read=False)
                .order_by("-created_at", "-id")
                .values_list("record_type", "record_id", "link")[:petition_views.UNREAD_CAP])


def _saved_as_usual(user, list_name) -> list[tuple]:
    return list(SavedFilter.objects.filter(user_id=user.pk, list_name=list_name)
                .values_list("pk", "name", "query"))


@pytest.fixture
def readers(make_user, nghean, make_petition):  # noqa: F811
    quiet = make_user("khong_thong_bao")
    busy = make_user("nhieu_thong_bao")
    _notices(nghean, 12)
    for petition in (make_petition(), make_petition(subject="Đơn thứ hai")):
        Notification.objects.create(user=nghean, text="Đơn mới", record_type="petitions.petition",
                                    record_id=petition.pk, link=f"/petitions/{petition.pk}/")
    _notices(busy, 160, read_every=40)  # more unread than the cap
    for user, names in ((nghean, ["", "Quá hạn", "Của tôi"]), (busy, ["", "Đơn mật"])):
        for name in names:
            for list_name in ("petitions", "matters"):
                SavedFilter.objects.create(user=user, list_name=list_name, name=name,
                                           query=f"status=received&q={name}&l={list_name}")
    return [nghean, quiet, busy]


def _compare(readers) -> list:
    wrong = []
    for user in readers:
        if petition_views._unread.rows(user.pk) != _unread_as_usual(user):
            wrong.append(("unread", user.username))
        for list_name in ("petitions", "matters", "directions"):
            if core_views._saved_filters.rows(user.pk, list_name) != _saved_as_usual(
                    user, list_name):
                wrong.append(("saved", user.username, list_name))
    return wrong


@pytest.mark.django_db
def test_each_use_answers_what_its_queryset_answers(readers):
    assert _compare(readers) == []
    assert len(petition_views._unread.rows(readers[2].pk)) == petition_views.UNREAD_CAP
    assert petition_views._unread.rows(readers[1].pk) == []
    assert petition_views.unread_count(readers[0]) >= 2  # the two petitions it may open
    for user in readers:  # the bell's count: the notices read as instances, as it did before
        notices = (Notification.objects.filter(user=user, read=False)
                   .order_by("-created_at", "-id")[:petition_views.UNREAD_CAP])
        assert petition_views.unread_count(user) == len(
            petition_views._still_visible(user, notices))
    assert len(core_views._saved_filters.rows(readers[0].pk, "petitions")) == 3


@pytest.mark.django_db
def test_converted_values_are_what_django_gives(readers):
    both = Compiled(lambda user_id: Notification.objects.filter(user_id=user_id)
                    .order_by("id").values_list("created_at", "read", "record_id"), int)
    for user in readers:
        assert both.rows(user.pk) == list(Notification.objects.filter(user_id=user.pk)
                                          .order_by("id")
                                          .values_list("created_at", "read", "record_id"))
    assert isinstance(both.rows(readers[0].pk)[0][0], dt.datetime)


@pytest.mark.django_db
def test_a_value_not_in_the_statement_or_of_the_wrong_kind_is_refused(readers):
    with pytest.raises(ValueError):
        Compiled(lambda user_id: Notification.objects.values_list("id"), int).rows(1)
    with pytest.raises(TypeError):
        core_views._saved_filters.rows(readers[0].pk, 7)
    with pytest.raises(TypeError):
        Compiled(lambda when: Notification.objects.filter(created_at=when), dt.datetime)


@pytest.mark.django_db
def test_control_stand_ins_never_replaced_answer_for_nobody(readers, monkeypatch):
    monkeypatch.setattr(Compiled, "rows", _rows_as_compiled)
    assert _compare(readers) != []


def _rows_as_compiled(self, *values, using="default"):
    """`Compiled.rows` that sends the statement with the stand-ins it was compiled with."""
    from django.db import connections

    kept = self._by_alias.get(using) or self._by_alias.setdefault(using, self._compile(using))
    _compiler, sql, params, _positions, _converters = kept
    with connections[using].cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
