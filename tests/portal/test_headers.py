"""What every portal response carries and what its pages never do: no cookie before a report
but CSRF's, no cache, no referrer, a strict CSP, nothing from other sites, no staff links,
the language of the path."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from oversight.portal import pow
from tests.portal.helpers import ADDRESS, code_of, open_case, send, text

pytestmark = pytest.mark.django_db

LANGS = ("vi", "en")
PAGES = ("", "privacy/", "report/", "follow/")
STAFF = ("/petitions", "/matters", "/admin", "/account", "/accounts", "/api", "/reports",
         "/units", "/people", "/committees", "/identity", "/search", "/audit", "/dashboard")
ATTRIBUTE = re.compile(r'\b(src|href|action|formaction|srcset|poster|data|xlink:href)\s*=\s*'
                       r'["\']?([^"\'\s>]*)', re.IGNORECASE)


def assert_portal_headers(response, what=""):
    label = f"{what} {response.status_code}"
    assert "no-store" in response.get("Cache-Control", ""), label
    assert response.get("Referrer-Policy") == "no-referrer", label
    csp = response.get("Content-Security-Policy", "")
    assert csp, label
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, label
    assert not re.search(r"https?://", csp), label
    assert "*" not in csp, label
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, label
    assert response.get("X-Content-Type-Options") == "nosniff", label


def assert_portal_html(response, what=""):
    html = text(response)
    for name, value in ATTRIBUTE.findall(html):
        assert not re.match(r"(?i)\s*(https?:)?//", value), (what, name, value)
        assert not re.match(r"(?i)\s*(javascript|data):", value), (what, name, value)
        assert value.startswith(("/portal/", "/static/", "#")), (what, name, value)
        assert not value.startswith(STAFF), (what, name, value)
    for path in STAFF:
        assert f'"{path}/' not in html, (what, path)
    # The CSP forbids inline code and styles: the pages must not need them.
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, what
    assert " style=" not in html and "<style" not in html, what
    assert re.search(r"\son[a-z]+\s*=", html) is None, what  # no onclick= and the like


@pytest.mark.parametrize("lang", LANGS)
def test_pages_set_no_cookie_but_csrf(lang):
    client = Client()
    for page in PAGES:
        response = client.get(f"/portal/{lang}/{page}")
        assert response.status_code == 200, page
        assert set(response.cookies) <= {"csrftoken"}, (page, set(response.cookies))
    response = client.get("/portal/")
    assert response.status_code == 302 and not response.cookies
    assert set(client.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies


def test_a_refused_report_sets_no_cookie_either(client):
    response = send(client, content="")
    assert response.status_code == 400
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies


def _responses(client, jpeg, settings):
    """One response of each kind the portal gives (200, 302, 400, 403, 405, 429)."""
    got = [(f"GET /portal/{lang}/{page}", client.get(f"/portal/{lang}/{page}"))
           for lang in LANGS for page in PAGES]
    got.append(("GET /portal/", client.get("/portal/")))
    got.append(("receipt", send(client, files=[jpeg()])))
    code = code_of(got[-1][1])
    got.append(("report 400", send(client, province="atlantis")))
    got.append(("report early", send(client, pow="", challenge=pow.issue())))
    got.append(("report PUT", client.put("/portal/vi/report/")))
    got.append(("case without cookie", client.get("/portal/vi/case/")))
    got.append(("follow 400", client.post("/portal/vi/follow/", {"code": "1"})))
    got.append(("follow 302", open_case(client, code)))
    got.append(("case", client.get("/portal/vi/case/", REMOTE_ADDR=ADDRESS)))
    got.append(("proof", client.get("/portal/vi/case/proof/", REMOTE_ADDR=ADDRESS)))
    got.append(("reply 302", client.post("/portal/vi/case/reply/", {"body": "Vâng"})))
    got.append(("reply 400", client.post("/portal/vi/case/reply/", {"body": ""})))
    got.append(("evidence 400", client.post("/portal/vi/case/evidence/", {})))
    got.append(("leave", client.post("/portal/vi/case/leave/")))
    settings.PORTAL_REPORTS_PER_ADDRESS = 1
    got.append(("report 429", send(client)))
    settings.PORTAL_CODE_FAILURES = 0
    got.append(("follow 429", client.post("/portal/en/follow/", {"code": code})))
    strict = Client(enforce_csrf_checks=True)
    got.append(("follow without CSRF token", strict.post("/portal/vi/follow/", {"code": code})))
    got.append(("report without CSRF token", strict.post("/portal/en/report/", {})))
    return got


def test_every_response_has_the_portal_headers(client, jpeg, settings):
    responses = _responses(client, jpeg, settings)
    statuses = {r.status_code for _, r in responses}
    assert {200, 302, 400, 403, 405, 429} <= statuses
    for what, response in responses:
        assert_portal_headers(response, what)


def test_pages_load_nothing_from_other_sites_and_link_no_staff_page(client, jpeg, settings):
    for what, response in _responses(client, jpeg, settings):
        if response.get("Content-Type", "").startswith("text/html") and response.content \
                and response.status_code != 403:
            assert_portal_html(response, what)


def test_a_signed_in_officer_sees_no_staff_link_on_the_portal(make_user):
    client = Client()
    client.force_login(make_user("portal_reader"))
    for lang in LANGS:
        for page in PAGES:
            assert_portal_html(client.get(f"/portal/{lang}/{page}"), page)


def test_english_pages_are_english_and_vietnamese_is_the_default(client):
    response = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/portal/vi/"
    vi = client.get("/portal/vi/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in text(vi) and vi["Content-Language"] == "vi"
    en = client.get("/portal/en/")
    assert '<html lang="en">' in text(en) and en["Content-Language"] == "en"
    assert "Send a report" in text(en)
    assert 'href="/portal/vi/" hreflang="vi"' in text(en)
    assert 'href="/portal/en/report/" hreflang="en"' in text(client.get("/portal/vi/report/"))
    assert client.get("/portal/fr/").status_code == 404


def test_vietnamese_pages_are_in_vietnamese(client):
    html = text(client.get("/portal/vi/"))
    assert "Send a report" not in html and "Follow up with your code" not in html
