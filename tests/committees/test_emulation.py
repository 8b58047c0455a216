"""Emulation ranking with obvious numbers (cluster II, 2024; targets on meetings held)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from oversight.committees import actions, emulation
from oversight.units.models import Cluster

D = dt.date


@pytest.fixture
def standings(db, unit, make_meeting):
    """Nghệ An: 2 meetings for a target of 2 (1.0); Hà Tĩnh: 3 for 1 (3.0, capped at 1.5);
    Thanh Hóa: 1 for 4 (0.25) and no overdue direction against a ceiling of 2 (1.5)."""
    cluster = Cluster.objects.get(code="cluster_ii")
    held = {"nghe_an": 2, "ha_tinh": 3, "thanh_hoa": 1}
    for code, n in held.items():
        for day in range(1, n + 1):
            make_meeting(code, held_on=D(2024, 2, day))
    make_meeting("nghe_an", held_on=D(2023, 12, 31))  # another year: not counted
    targets = {"nghe_an": 2, "ha_tinh": 1, "thanh_hoa": 4}
    for code, target in targets.items():
        actions.register_target(by=None, cluster=cluster, unit=unit(code), year=2024,
                                indicator="meetings", target=target, note=f"Chỉ tiêu {code}")
    actions.register_target(by=None, cluster=cluster, unit=unit("thanh_hoa"), year=2024,
                            indicator="directions_overdue", target=2)
    return cluster


def test_ratio_rule():
    assert emulation.ratio("meetings", 2, 2) == 1.0
    assert emulation.ratio("meetings", 9, 2) == emulation.CAP
    assert emulation.ratio("directions_overdue", 0, 2) == emulation.CAP
    assert emulation.ratio("directions_overdue", 4, 2) == 0.5


def test_ranking(standings):
    ranking = emulation.rank(standings, 2024)
    ranked = [(s.unit.code, s.score, s.rank) for s in ranking.standings if s.rank]
    assert ranked == [("ha_tinh", 1.5, 1), ("nghe_an", 1.0, 2), ("thanh_hoa", 0.875, 3)]
    assert (ranking.registered, ranking.members) == (3, 14)
    assert all(s.rank is None for s in ranking.standings[3:])
    nghe_an = next(s for s in ranking.standings if s.unit.code == "nghe_an")
    assert [(ln.code, ln.achieved, ln.ratio) for ln in nghe_an.lines] == [("meetings", 2, 1.0)]
    assert emulation.rank(standings, 2025).registered == 0


def test_equal_scores_share_a_rank(standings, unit, make_meeting):
    make_meeting("ha_noi", held_on=D(2024, 3, 1))
    actions.register_target(by=None, cluster=standings, unit=unit("ha_noi"), year=2024,
                            indicator="meetings", target=1)
    ranking = emulation.rank(standings, 2024)
    ranks = {s.unit.code: s.rank for s in ranking.standings if s.rank}
    # Hà Nội scores 1.0 (1 meeting for 1): it ties with Nghệ An; the next rank is 4.
    assert ranks == {"ha_tinh": 1, "ha_noi": 2, "nghe_an": 2, "thanh_hoa": 4}


def test_page_shows_a_province_its_own_figures_only(standings, web, nghean, analyst):
    body = web(nghean).get("/emulation/ranking/?cluster=cluster_ii&year=2024").content.decode()
    assert "Chỉ tiêu nghe_an" in body and "Chỉ tiêu ha_tinh" not in body
    assert "3/14" in body
    body = web(analyst).get("/emulation/ranking/?cluster=cluster_ii&year=2024").content.decode()
    assert "Chỉ tiêu ha_tinh" in body


def test_api_ranking(standings, api, nghean):
    body = api(nghean).get("/api/emulation-targets/ranking/?cluster=cluster_ii&year=2024").json()
    assert (body["registered"], body["members"]) == (3, 14)
    rows = {r["unit"]: r for r in body["standings"]}
    assert rows["nghe_an"]["score"] == 1.0 and rows["nghe_an"]["rank"] == 2
    assert "score" not in rows["ha_tinh"] and rows["ha_tinh"]["rank"] == 1
    bad = api(nghean).get("/api/emulation-targets/ranking/?cluster=nope")
    assert bad.status_code == 400 and "cluster" in bad.json()


def test_xlsx(standings, web, analyst, nghean):
    response = web(analyst).get("/emulation/ranking.xlsx?cluster=cluster_ii&year=2024")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_col=8)]
    assert rows[0][:4] == [1, "Hà Tĩnh", 1.5, 1]
    # Indicator columns in catalogue order: directions overdue (target, achieved), meetings.
    assert rows[2] == [3, "Thanh Hóa", 0.875, 2, 2, 0, 4, 1]
    assert "3/14" in ws["A2"].value
    ws = load_workbook(io.BytesIO(web(nghean).get(
        "/emulation/ranking.xlsx?cluster=cluster_ii&year=2024").content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_col=4)]
    assert rows[0] == [1, "Hà Tĩnh", None, None]  # another province: rank only
    assert rows[1] == [2, "Nghệ An", 1.0, 1]


def _shown(user, web, api) -> tuple[set, set]:
    """(units whose figures the page shows `user`, units whose figures the API gives)."""
    page = web(user).get("/emulation/ranking/?cluster=cluster_ii&year=2024")
    by_page = {s.unit.code for s in page.context["ranking"].standings if s.visible}
    body = api(user).get("/api/emulation-targets/ranking/?cluster=cluster_ii&year=2024").json()
    by_api = {r["unit"] for r in body["standings"] if "score" in r}
    return by_page, by_api


def test_page_and_api_show_the_same_figures(standings, web, api, nghean, analyst):
    """Which units' figures a reader sees is one rule (emulation.rank_for), asked by the page,
    its workbook and the API (issue 18: the page and the API each had a copy)."""
    by_page, by_api = _shown(nghean, web, api)
    assert by_page == by_api and "nghe_an" in by_page and "ha_tinh" not in by_page
    by_page, by_api = _shown(analyst, web, api)
    assert by_page == by_api and {"nghe_an", "ha_tinh", "thanh_hoa"} <= by_page


def test_control_an_api_with_a_rule_of_its_own_disagrees(standings, web, api, nghean,
                                                         monkeypatch):
    """The control: an API that ranked without the reader's scope shows a province the
    figures of the others, and the comparison above sees it."""
    from oversight.committees.api import views as api_views

    class OwnRule:  # the API's emulation module, with a ranking of its own
        def __getattr__(self, name):
            return getattr(emulation, name)

        @staticmethod
        def rank_for(cluster, year, user):
            return emulation.rank(cluster, year)

    monkeypatch.setattr(api_views, "emulation", OwnRule())
    by_page, by_api = _shown(nghean, web, api)
    assert by_page != by_api and "ha_tinh" in by_api
