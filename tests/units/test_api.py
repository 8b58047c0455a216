"""/api/units/: read by codes, edited by administrators (moved from test_units.py)."""


def test_units_api_reads_codes(api, nghean):
    response = api(nghean).get("/api/units/quang_binh/")
    assert response.status_code == 200
    assert response.json()["successors"] == ["quang_tri"]
    assert api(nghean).get("/api/units/?active_on=2025-07-01&kind=provincial_committee")\
        .json()["count"] == 34


def test_only_administrators_edit_units(api, nghean, admin_user):
    payload = {"code": "test_agency", "name_vi": "Cơ quan thử", "name_en": "Test agency",
               "kind": "other"}
    assert api(nghean).post("/api/units/", payload, format="json").status_code == 403
    assert api(admin_user).post("/api/units/", payload, format="json").status_code == 201
