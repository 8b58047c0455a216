"""The search API (/api/search/): results with their page addresses, for signed-in readers only."""


def test_api_and_page(records, api, web, nghean):
    r = api(nghean).get("/api/search/", {"q": "nguyen van hung"})
    assert r.status_code == 200
    assert r.json()["results"][0]["url"] == f"/petitions/{records['petition'].pk}/"
    assert api(None).get("/api/search/", {"q": "hung"}).status_code in (401, 403)
    page = web(nghean).get("/search/", {"q": "dang"})
    assert "<mark>Đặng</mark> Thị Hoa" in page.content.decode()  # the matched word marked
