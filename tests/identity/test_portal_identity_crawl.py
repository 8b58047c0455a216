"""Issue 8: no identity of a protected portal submitter appears on any staff page without an
approved disclosure.

A named denunciation is sent through the public portal; then every role signs in through the
login form (as in production: a custodian's key is unlocked there) and a crawler follows every
link of the staff site and the API it can reach from the dashboard, the petition, the held
queue, search and the API root, reading each page. The submitter's name, ID number, address
and phone must be on none of them, while the custodian's crawl, and the officer's once a
disclosure is approved, find the name: the crawler reaches the page where it would leak.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest

from oversight.accounts.roles import Role
from oversight.identity import actions as identity_actions
from oversight.portal.models import Submission
from tests.identity.conftest import text_forms
from tests.portal.conftest import report_data

pytestmark = pytest.mark.django_db

SUBMITTER = {"name": "Đặng Thị Kín Đáo", "id_number": "040190054321",
             "address": "Số 12 ngõ Hòa Bình, Vinh", "phone": "0987654321"}
SUBJECT = "Nhận tiền để nâng điểm hồ sơ thi tuyển công chức"

# Not staff pages, or not pages: the public portal (its own tests), sign-out and the language
# switch (they would end the crawl), static files, documents built by LibreOffice or zipped
# (tests/identity/test_identity.py::test_exports_hold_no_identity reads their sources), and the
# 63 + 34 provinces' reference pages, which hold no record.
SKIP = re.compile(r"^/(portal|static|media|i18n|logout|login)/|format=(pdf|docx|xlsx|csv)"
                  r"|/(export|download|xlsx|docx|pdf)/|/delete/|^(/api|/admin/units)?/units?/.")
LINK = re.compile(r"""(?:href|action)="([^"#]+)|"(https?://testserver/[^"]+)\"""")
PAGES_PER_USER = 300
VARIANTS_PER_SHAPE = 2  # two of ?page=, ?sort=, …/N/change/ are enough to see their rows


def _links(base: str, body: str):
    for href, absolute in LINK.findall(body):
        target = urlsplit(urljoin(base, (href or absolute).replace("&amp;", "&")))
        if target.netloc in ("", "testserver") and target.path.startswith("/"):
            yield target.path + (f"?{target.query}" if target.query else "")


def crawl(client, starts) -> dict[str, str]:
    """Breadth first from `starts` (each fetched): {path: text} of every HTML or JSON page
    that answered 200."""
    queue, seen, variants, pages = deque(starts), set(), Counter(), {}
    while queue and len(pages) < PAGES_PER_USER:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path.split("?")[0])  # one record's pages stand for all
        if path in seen or SKIP.search(path) or (
                path not in starts and variants[shape] >= VARIANTS_PER_SHAPE):
            continue
        seen.add(path)
        variants[shape] += 1
        response = client.get(path)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or getattr(response, "streaming", False) or not (
                "html" in kind or "json" in kind):
            continue
        pages[path] = body = response.content.decode()
        queue.extend(_links(path, body))
    return pages


def leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    """(page, value) for each value of the identity a page shows, but for a search page
    repeating its own query (the search for the name is the officer's, not the record's)."""
    return [(path, value) for path, body in pages.items() for value in SUBMITTER.values()
            if any(form in body for form in text_forms(value))
            and value not in unquote_plus(path)]


@pytest.fixture
def portal_petition(client, settings, tmp_path, custodian):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = report_data(identity="named", subject=SUBJECT, **SUBMITTER)
    response = client.post("/portal/vi/report/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    petition = Submission.objects.get().petition
    assert petition.identity_protected
    return petition


def starts(petition) -> list[str]:
    return ["/", f"/petitions/{petition.pk}/", "/petitions/", "/petitions/portal/",
            f"/search/?q={SUBJECT}", *(f"/search/?q={v}" for v in SUBMITTER.values()),
            "/api/", f"/api/petitions/{petition.pk}/", "/api/petitions/", "/people/",
            "/identity/pending/", "/audit/", "/admin/"]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.HEAD, Role.CENTRAL_ANALYST,
                                  Role.ADMINISTRATOR])
def test_no_staff_page_shows_the_submitter(role, portal_petition, make_user, login):
    unit = "central" if role in (Role.CENTRAL_ANALYST, Role.ADMINISTRATOR) else "nghe_an"
    admin = role == Role.ADMINISTRATOR  # with the whole admin site: a superuser
    user = make_user(f"u_{role}", unit, roles=(role,), is_staff=admin, is_superuser=admin)
    pages = crawl(login(user), starts(portal_petition))
    for value in SUBMITTER.values():  # searching for the identity does not find the petition
        assert f"/petitions/{portal_petition.pk}/" not in pages[f"/search/?q={value}"]
    if role != Role.ADMINISTRATOR:  # the administrator's unit does not see Nghệ An's petition
        assert f"/petitions/{portal_petition.pk}/" in pages
        assert SUBJECT in pages[f"/petitions/{portal_petition.pk}/"]
    assert len(pages) > 40, sorted(pages)  # the crawl went well beyond its starting pages
    assert leaks(pages) == []


def test_the_crawl_finds_the_submitter_where_a_key_opens_it(portal_petition, custodian,
                                                            make_user, login):
    """The control: the same crawl finds the name for the unit's custodian, and for an officer
    only after the custodian approved the officer's disclosure request."""
    detail = f"/petitions/{portal_petition.pk}/"
    found = {path for path, value in leaks(crawl(login(custodian), starts(portal_petition)))
             if value == SUBMITTER["name"]}
    assert detail in found

    officer = make_user("can_bo", "nghe_an", roles=(Role.OFFICER,))
    assert leaks(crawl(login(officer), starts(portal_petition))) == []
    request = identity_actions.request_disclosure(portal_petition, by=officer,
                                                  reason="Xác minh tố cáo")
    login(custodian).post(f"/identity/disclosures/{request.pk}/decide/",
                          {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == "approved"
    found = {path for path, _ in leaks(crawl(login(officer), [detail]))}
    assert detail in found
