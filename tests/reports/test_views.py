import re

import pytest

from oversight.reports.indicators import CATALOGUE, RATIO
from tests.reports.test_indicators import EXPECTED

QUERY = "place=unit:nghe_an&period=2024"


def test_dashboard_shows_the_figures(records, web, nghean):
    response = web(nghean).get(f"/reports/dashboard/?{QUERY}")
    assert response.status_code == 200
    rows = {row["indicator"].code: row["figure"] for row in response.context["rows"]}
    assert rows["matters_put_under_monitoring"]["value"] == 2
    body = response.content.decode()
    assert "chart-monthly" in body and "echarts.min.js" in body


@pytest.mark.parametrize("code", sorted(c for c, i in CATALOGUE.items() if i.measure != RATIO))
def test_click_through_length_equals_the_figure(records, web, nghean, code):
    page = web(nghean).get(f"/reports/dashboard/?{QUERY}")
    figure = {row["indicator"].code: row["figure"] for row in page.context["rows"]}[code]
    link = re.search(rf'href="(/reports/records/\?indicator={code}&[^"]+)"',
                     page.content.decode())
    assert link, f"no click-through link for {code}"
    listing = web(nghean).get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    shown = listing.context["amount"] if CATALOGUE[code].measure == "sum" else \
        listing.context["total"]
    assert shown == figure["value"] == EXPECTED[code][0]
    assert listing.context["hidden"] == 0  # all visible to Nghệ An


def test_provincial_user_cannot_report_on_another_place(web, nghean):
    assert web(nghean).get("/reports/dashboard/?place=unit:ha_noi&period=2024")\
        .status_code == 403
    assert web(nghean).get("/reports/dashboard/?place=national:national&period=2024")\
        .status_code == 403


def test_bad_period_is_shown_beside_the_field(web, nghean):
    response = web(nghean).get("/reports/dashboard/?place=unit:nghe_an&period=2024-Q9")
    assert response.status_code == 200
    assert "period" in response.context["errors"]
    assert "is-invalid" in response.content.decode()


def test_national_dashboard_for_the_centre(records, web, analyst):
    response = web(analyst).get("/reports/dashboard/?place=national:national&period=2024")
    assert response.status_code == 200
    assert "chart-ranking" in response.content.decode()
