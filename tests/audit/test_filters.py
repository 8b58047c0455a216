"""The trail's search finds the entries its filters name, through an index (issue 17).

The day bounds are instants in the project's time zone (an entry at 23:30 UTC is on the next
day in Hà Nội), the user is the name without regard to case, as `at__date` and
`username__iexact` found them; each filter's statement is answered by an index, where the
old ones read every entry (controls: the old statements are seen reading every entry, the
day taken in UTC is seen finding other entries). The object types listed beside the search
are the trail's own, by a walk of the index from one type to the next.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.audit import filtersets, writer
from oversight.audit.filtersets import AuditEntryFilterSet
from oversight.audit.models import AuditEntry
from tests.plans import reads_whole_table

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def _append(**values):
    entry = writer._new_entry(**{
        "at": START, "user_id": None, "username": "", "address": "", "action": "login",
        "object_type": "", "object_id": "", "object_repr": "", "unit_id": None,
        "changes": {}, "detail": {}, **values})
    writer._append([entry])
    return entry


def _found(params: dict) -> set[int]:
    filterset = AuditEntryFilterSet(params, queryset=AuditEntry.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


def _local_day(entry) -> dt.date:
    return entry.at.astimezone(HANOI).date()


instants = st.integers(0, 6 * 24 * 60).map(lambda minutes: START + dt.timedelta(minutes=minutes))
days = st.integers(0, 6).map(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(times=st.lists(instants, min_size=1, max_size=8), first=st.none() | days,
       last=st.none() | days)
def test_a_day_bound_finds_the_entries_of_those_days_in_hanoi(times, first, last):
    with transaction.atomic():
        made = [_append(at=at) for at in times]
        params = {**({"date_from": first.isoformat()} if first else {}),
                  **({"date_to": last.isoformat()} if last else {})}
        expected = {e.pk for e in made
                    if (first is None or _local_day(e) >= first)
                    and (last is None or _local_day(e) <= last)}
        assert _found(params) & {e.pk for e in made} == expected
        # the same entries as the ORM's own day comparison found
        old = AuditEntry.objects.filter(pk__in=[e.pk for e in made])
        if first:
            old = old.filter(at__date__gte=first)
        if last:
            old = old.filter(at__date__lte=last)
        assert set(old.values_list("id", flat=True)) == expected
        transaction.set_rollback(True)


def test_the_day_taken_in_utc_would_be_seen(monkeypatch):
    """Control: an entry at 23:30 UTC on 1 January is on 2 January in Hà Nội; with the day's
    first instant taken in UTC the search for 2 January misses it."""
    late = _append(at=dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC))
    assert late.pk in _found({"date_from": "2026-01-02", "date_to": "2026-01-02"})
    monkeypatch.setattr(filtersets, "day_starts", lambda day: dt.datetime.combine(
        day, dt.time.min, tzinfo=dt.UTC))
    assert late.pk not in _found({"date_from": "2026-01-02", "date_to": "2026-01-02"})


names = st.text(alphabet="aAnNđĐ_%", min_size=1, max_size=4)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.lists(names, min_size=1, max_size=6), asked=names)
def test_a_user_is_found_by_name_whatever_the_case(stored, asked):
    """The same entries as `username__iexact` (the wildcards of LIKE are letters here)."""
    with transaction.atomic():
        made = [_append(username=name) for name in stored]
        ids = {e.pk for e in made}
        old = set(AuditEntry.objects.filter(pk__in=ids, username__iexact=asked)
                  .values_list("id", flat=True))
        assert _found({"user": asked}) & ids == old
        transaction.set_rollback(True)


def test_a_user_of_another_case_is_found():
    mine = _append(username="NgheAn")
    other = _append(username="nghe_an")
    found = _found({"user": "nghean"})
    assert mine.pk in found and other.pk not in found


# --- the plans ---------------------------------------------------------------------------

def _reads_every_entry(queryset) -> bool:
    """Whether the statement reads the whole trail rather than an index's range."""
    return reads_whole_table(queryset, "audit_auditentry")


@pytest.mark.parametrize("params", [
    {"user": "NgheAn"}, {"date_from": "2026-01-02"}, {"date_to": "2026-01-02"},
    {"date_from": "2026-01-02", "date_to": "2026-01-03"}, {"action": "login"},
    {"object_type": "petitions.petition", "object_id": "5"}])
def test_each_filter_is_answered_by_an_index(params):
    with transaction.atomic():
        filterset = AuditEntryFilterSet(params, queryset=AuditEntry.objects.all())
        assert filterset.is_valid()
        assert not _reads_every_entry(filterset.newest_first(filterset.qs))


@pytest.mark.parametrize("old", [{"at__date__gte": dt.date(2026, 1, 2)},
                                 {"username__iexact": "NgheAn"}])
def test_the_old_filters_are_seen_reading_every_entry(old):
    """Control: the statements the search sent before are caught by the check above."""
    with transaction.atomic():
        assert _reads_every_entry(AuditEntry.objects.filter(**old).order_by("-id"))


def test_a_search_by_days_alone_is_newest_first_by_time():
    early = _append(at=dt.datetime(2026, 1, 2, 5, tzinfo=dt.UTC))
    late = _append(at=dt.datetime(2026, 1, 2, 4, tzinfo=dt.UTC))  # appended after, earlier
    by_day = AuditEntryFilterSet({"date_from": "2026-01-02"}, queryset=AuditEntry.objects.all())
    assert by_day.is_valid()
    ids = list(by_day.newest_first(by_day.qs).values_list("id", flat=True))
    assert ids.index(early.pk) < ids.index(late.pk)
    by_user = AuditEntryFilterSet({"date_from": "2026-01-02", "action": "login"},
                                  queryset=AuditEntry.objects.all())
    assert by_user.is_valid()
    ids = list(by_user.newest_first(by_user.qs).values_list("id", flat=True))
    assert ids.index(late.pk) < ids.index(early.pk)  # an action's index: the chain's order


def test_the_api_lists_a_search_by_days_by_time_unless_asked(admin_user, api):
    early = _append(at=dt.datetime(2026, 1, 2, 5, tzinfo=dt.UTC))
    late = _append(at=dt.datetime(2026, 1, 2, 4, tzinfo=dt.UTC))
    client = api(admin_user)
    listed = [row["id"] for row in client.get(
        "/api/audit/?date_from=2026-01-02&date_to=2026-01-02").json()["results"]]
    assert listed.index(early.pk) < listed.index(late.pk)
    asked = [row["id"] for row in client.get(
        "/api/audit/?date_from=2026-01-02&date_to=2026-01-02&ordering=-id").json()["results"]]
    assert asked.index(late.pk) < asked.index(early.pk)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(types=st.lists(st.sampled_from(["", "petitions.petition", "matters.matter", "seed",
                                       "units.unit", "Đơn.thư", "a", "b-c"]), max_size=10))
def test_the_object_types_are_the_trails_own(types):
    with transaction.atomic():
        for name in types:
            _append(object_type=name)
        expected = list(AuditEntry.objects.exclude(object_type="").order_by("object_type")
                        .values_list("object_type", flat=True).distinct())
        assert AuditEntry.objects.object_types() == expected
        transaction.set_rollback(True)


def test_the_log_page_searches_by_day_and_user(admin_user, web):
    mine = _append(at=dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC), username="NgheAn",
                   object_type="petitions.petition", object_id="7")
    page = web(admin_user).get("/audit/?date_from=2026-01-02&date_to=2026-01-02&user=nghean")
    assert page.status_code == 200
    assert f"#{mine.pk}" in page.content.decode() or "NgheAn" in page.content.decode()
    assert "petitions.petition" in page.content.decode()  # the type among the choices
    empty = web(admin_user).get("/audit/?date_from=2026-01-03&date_to=2026-01-03&user=nghean")
    assert "NgheAn" not in empty.content.decode()
