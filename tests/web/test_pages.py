import datetime as dt


def test_login_required(client):
    response = client.get("/matters/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_login_page_and_sign_in(client, nghean):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "nghean", "password": "pw-nghean"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_dashboard_counts(web, nghean, make_matter, make_direction):
    make_matter("nghe_an", stage="investigation", kind="case")
    make_direction(due_on=dt.date(2024, 5, 1), text="Chỉ đạo quá hạn")
    body = web(nghean).get("/").content.decode()
    assert "Chỉ đạo quá hạn" in body
    assert 'href="/directions/?status=overdue"' in body


def test_language_switch(client, nghean):
    client.force_login(nghean)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get("/").content.decode()


def test_units_pages(web, nghean):
    page = web(nghean)
    assert "quang_binh" in page.get("/units/?q=quang").content.decode()
    body = page.get("/units/quang_tri/").content.decode()
    assert "Quảng Bình" in body


def test_api_docs_work_offline(client):
    body = client.get("/api/docs/").content.decode()
    assert "cdn" not in body.lower() and "unpkg" not in body.lower()


def test_dashboard_counts_a_merged_province_in_its_successor(web, quangtri, make_matter,
                                                             make_direction):
    """Old Quảng Bình merged into Quảng Trị on 1 July 2025: its overdue directions count in
    Quảng Trị's line of the dashboard, not on a line of their own."""
    for code in ("quang_tri", "quang_binh"):
        make_direction(matter=make_matter(code), unit_code=code, due_on=dt.date(2024, 5, 1))
    body = web(quangtri).get("/").content.decode()
    assert 'href="/directions/?status=overdue&unit=quang_tri">Quảng Trị</a><span ' \
        'class="badge text-bg-danger">2</span>' in body
    assert "unit=quang_binh" not in body
