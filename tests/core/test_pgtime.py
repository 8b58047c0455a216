"""`base.pgtime`: PostgreSQL's `timestamptz` text read by `datetime.fromisoformat` gives what
Django's own loader gives, for any instant; the connections use it; a loader that drops a part
of the text is caught (control)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="a loader of PostgreSQL's values")

TIMESTAMPTZ = 1184
# UTC and fixed offsets in whole minutes (what a client sends; a zone's ambiguous hour at the
# end of summer time is one instant or the other depending on `fold`, not on the loader)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
instants = st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                        timezones=st.just(dt.UTC) | offsets)


def _texts(values) -> list[bytes]:
    """PostgreSQL's own text of each instant, as the session sends it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT v::text FROM unnest(%s::timestamptz[]) AS t(v)", [values])
        return [row[0].encode() for row in cursor.fetchall()]


def _loaded(loader_class, texts) -> list:
    loader = loader_class(TIMESTAMPTZ, connection.connection)
    return [loader.load(text) for text in texts]


def _django_loader():
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    class DjangoUtc(BaseTzLoader):
        timezone = dt.UTC

    return DjangoUtc


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.lists(instants, min_size=1, max_size=20))
def test_read_as_django_reads_it(values):
    from oversight.base.pgtime import fast_loader_class

    texts = _texts(values)
    fast, django_ = _loaded(fast_loader_class(), texts), _loaded(_django_loader(), texts)
    assert fast == django_
    assert [v.tzinfo for v in fast] == [v.tzinfo for v in django_]
    assert fast == values  # the same instants


@pytest.mark.django_db
def test_other_texts_go_to_djangos_loader():
    """Dates before the common era and infinity: Django's loader decides, as before."""
    from oversight.base.pgtime import fast_loader_class

    for text in (b"0044-03-15 10:00:00+00 BC", b"infinity", b"2026-12-06 21:00:41+07"):
        outcomes = []
        for loader_class in (fast_loader_class(), _django_loader()):
            try:
                outcomes.append(_loaded(loader_class, [text]))
            except Exception as error:  # noqa: BLE001 - compared below
                outcomes.append(type(error))
        assert outcomes[0] == outcomes[1], text


@pytest.mark.django_db
def test_connections_read_timestamps_with_it(make_matter):
    from oversight.matters.models import Matter

    matter = make_matter(title="Vụ thời gian")
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, 0)
    assert loader.__name__ == "UtcTimestamptzLoader"
    assert Matter.objects.get(pk=matter.pk).created_at == matter.created_at


@pytest.mark.django_db
def test_a_loader_that_drops_the_fraction_is_caught():
    """Control: the comparison above fails for a loader that reads the text wrong."""
    from oversight.base.pgtime import fast_loader_class

    class Truncating(fast_loader_class()):
        def load(self, data):
            return super().load(data).replace(microsecond=0)

    texts = _texts([dt.datetime(2026, 12, 6, 21, 0, 41, 916248, tzinfo=dt.UTC)])
    assert _loaded(Truncating, texts) != _loaded(_django_loader(), texts)
