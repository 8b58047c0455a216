"""The error pages: styled, in Vietnamese by default and in English when chosen; JSON under
/api/."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from oversight.accounts.roles import Role


def test_404_page_is_styled_and_vietnamese(web, nghean):
    response = web(nghean).get("/petitions/999999/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body and "Về trang tổng quan" in body
    assert 'class="navbar' in body  # the application's frame, with its menu
    assert "Not Found" not in body


def test_404_in_english_when_chosen(web, nghean):
    client = web(nghean)
    client.cookies["oversight_language"] = "en"
    body = client.get("/no-such-page/").content.decode()
    assert "Page not found" in body and "Back to the dashboard" in body


def test_404_for_someone_signed_out(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_page(web, make_user, make_matter):
    analyst = make_user("central", "central", roles=(Role.CENTRAL_ANALYST,))
    matter = make_matter("nghe_an")
    response = web(analyst).get(f"/matters/{matter.pk}/edit/")
    assert response.status_code == 403
    assert "Bạn không được thực hiện thao tác này" in response.content.decode()


def test_csrf_failure_page_and_api(nghean):
    client = Client(enforce_csrf_checks=True)
    client.force_login(nghean)
    response = client.post("/saved-filters/", {"list_name": "petitions", "name": "x"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hiệu lực" in response.content.decode()
    answer = client.post("/api/petitions/", {}, content_type="application/json")
    assert answer.status_code == 403
    assert answer["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("language", "words"), [("vi", "Đã xảy ra lỗi"),
                                                  ("en", "Something went wrong")])
def test_500_page_needs_no_request_context(db, language, words):
    from django.views.defaults import server_error

    with translation.override(language):
        response = server_error(RequestFactory().get("/petitions/"))
    body = response.content.decode()
    assert response.status_code == 500 and words in body
    assert "oversight.css" in body  # styled like the application


def test_api_errors_stay_json(api, nghean):
    response = api(nghean).get("/api/petitions/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    response = api(nghean).get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
