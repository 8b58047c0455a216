"""What a screen-reader or keyboard user needs, checked on every portal page: the page's
language, one main heading, a skip link to the content, a label for every field (a legend
for every group of radio buttons), error messages tied to their field."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.portal.helpers import code_of, open_case, send

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.links: list[str] = []
        self.fieldsets = 0
        self.legends = 0
        self._in_label: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "label":
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.fields.append(a)


def parse(response) -> Page:
    page = Page()
    page.feed(response.content.decode())
    return page


def check(page: Page, what: str) -> None:
    assert page.lang in ("vi", "en"), what
    assert page.h1 == 1, what
    assert "#main" in page.links and "main" in page.ids, what  # skip link and its target
    for field in page.fields:
        if field.get("type") == "submit":
            continue
        assert field.get("id") in page.label_for or field.get("aria-label"), (what, field)
        for ref in (field.get("aria-describedby") or "").split():
            assert ref in page.ids, (what, field, ref)
    assert page.fieldsets == page.legends, what


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages(client, lang):
    for path in ("", "report/", "follow/", "privacy/"):
        check(parse(client.get(f"/portal/{lang}/{path}")), path)


def test_form_with_errors_ties_each_message_to_its_field(client):
    response = send(client, subject="", content="ngắn", province="")
    assert response.status_code == 400
    page = parse(response)
    check(page, "errors")
    invalid = [f for f in page.fields if f.get("aria-invalid") == "true"]
    assert {f["name"] for f in invalid} >= {"subject", "content", "province"}
    # the error summary links to the fields
    assert "#id_subject" in page.links and "#id_content" in page.links


def test_receipt_and_case_pages(client, jpeg):
    response = send(client, files=[jpeg()])
    check(parse(response), "receipt")
    open_case(client, code_of(response))
    for path in ("case/", "case/proof/"):
        check(parse(client.get(f"/portal/vi/{path}", REMOTE_ADDR="203.0.113.77")), path)
