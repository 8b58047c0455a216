"""The reports API (/api/reports/indicators/): the figures by place and period; errors name
the field."""

import pytest


def test_api(records, api, nghean, analyst):
    response = api(nghean).get("/api/reports/indicators/?unit=nghe_an&start=2024-01-01"
                               "&end=2024-12-31")
    assert response.status_code == 200
    body = response.json()
    assert body["place"]["code"] == "nghe_an"
    assert body["indicators"]["matters_put_under_monitoring"] == {"value": 2, "previous": 2,
                                                                  "change": 1.0}
    assert api(nghean).get("/api/reports/indicators/?unit=nghe_an&period=2024").json() \
        ["indicators"]["matters_completed"]["value"] == 1
    # A province reports on itself only; the centre on any place.
    assert api(nghean).get("/api/reports/indicators/?unit=ha_noi&period=2024")\
        .status_code == 403
    assert api(nghean).get("/api/reports/indicators/?scope=national&period=2024")\
        .status_code == 403
    national_body = api(analyst).get("/api/reports/indicators/?scope=national&period=2024"
                                     "&parts=1").json()
    assert national_body["indicators"]["matters_put_under_monitoring"]["value"] == 3
    cluster = api(analyst).get("/api/reports/indicators/?cluster=cluster_ii&period=2024")
    assert cluster.status_code == 200


@pytest.mark.parametrize("query,field", [
    ("unit=nghe_an", "period"),
    ("unit=nghe_an&period=2024-Q9", "period"),
    ("unit=nghe_an&start=2024-13-01&end=2024-12-31", "start"),
    ("unit=nghe_an&start=2024-12-01&end=2024-01-31", "period"),
    ("period=2024", "place"),
    ("unit=atlantis&period=2024", "place"),
    ("unit=nghe_an&scope=national&period=2024", "place"),
])
def test_api_errors_name_the_field(api, analyst, query, field):
    response = api(analyst).get(f"/api/reports/indicators/?{query}")
    assert response.status_code == 400
    assert field in response.json()
