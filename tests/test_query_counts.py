"""No N+1: a list page or API list issues as many queries for 12 rows as for 2."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _make(kind, n, make_matter, make_direction, unit):
    from oversight.petitions import actions as p

    nghe_an = unit("nghe_an")
    for i in range(n):
        if kind == "matter":
            m = make_matter("nghe_an", title=f"Vụ án {i}", kind="case", stage="investigation",
                            prosecuted_on=dt.date(2024, 1, 1))
            from oversight.matters import actions

            actions.add_defendant(m, by=None, full_name=f"Bị can {i}")
        elif kind == "direction":
            make_direction(text=f"Chỉ đạo {i}")
        elif kind == "petition":
            p.create_petition(by=None, unit=nghe_an, kind="complaint",
                              received_on=dt.date(2025, 3, 3), subject=f"Đơn {i}",
                              content=f"Nội dung {i}", petitioner={"name": f"Người {i}"})
        elif kind == "reception":
            p.create_reception(by=None, unit=nghe_an, held_on=dt.date(2025, 3, 1 + i),
                               host="Bí thư Tỉnh ủy")
        elif kind == "hotspot":
            p.create_hotspot(by=None, unit=nghe_an, name=f"Điểm nóng {i}",
                             started_on=dt.date(2024, 1, 1))


LISTS = [
    ("matter", "/matters/"), ("matter", "/api/matters/"),
    ("direction", "/directions/"), ("direction", "/api/directions/"),
    ("petition", "/petitions/"), ("petition", "/api/petitions/"),
    ("reception", "/receptions/"), ("reception", "/api/receptions/"),
    ("hotspot", "/hotspots/"), ("hotspot", "/api/hotspots/"),
]


@pytest.mark.parametrize("kind,url", LISTS)
def test_queries_do_not_grow_with_rows(kind, url, nghean, api, web, make_matter,
                                       make_direction, unit):
    client = api(nghean) if url.startswith("/api/") else web(nghean)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _make(kind, 2, make_matter, make_direction, unit)
    client.get(url)  # warm per-session caches (language, session, user)
    few = count()
    _make(kind, 10, make_matter, make_direction, unit)
    many = count()
    assert many == few, f"{url}: {few} queries for 2 rows, {many} for 12"
