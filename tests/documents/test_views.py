"""The documents pages: the register and its XLSX, issuing from a record's page."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from oversight.accounts.roles import Role
from oversight.documents import actions
from oversight.documents.models import Document


def test_the_register_sums(petition, nghean, web, api):
    docs = [actions.issue(petition(status), by=nghean, template=kind) for status, kind in [
        ("accepted", "acceptance_notice"), ("received", "handling_proposal"),
        ("not_accepted", "non_acceptance_notice"), ("transferred", "transfer_slip"),
        ("settled", "settlement_notice")]]
    actions.cancel(docs[2], by=nghean, reason="Nhầm người nhận")
    year = docs[0].year
    listed = api(nghean).get(f"/api/documents/?unit=nghe_an&year={year}").json()
    assert listed["count"] == 5
    assert sorted(d["sequence"] for d in listed["results"]) == [1, 2, 3, 4, 5]
    page = web(nghean).get(f"/documents/?unit=nghe_an&year={year}")
    totals = page.context["totals"]
    assert (totals["total"], totals["issued"], totals["cancelled"]) == (5, 4, 1)
    assert totals["series"] == [{"series": "", "count": 5, "last": 5, "complete": True}]
    assert sum(n for _label, n in totals["by_kind"]) == 5
    xlsx = web(nghean).get(f"/documents/register.xlsx?unit=nghe_an&year={year}")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    numbers = [r[0] for r in ws.iter_rows(min_row=5, max_row=9, values_only=True)]
    assert numbers == [1, 2, 3, 4, 5]
    assert ws.cell(7, 7).value.startswith("Đã hủy")  # number 3, cancelled, stays
    assert "5" in ws.cell(11, 1).value and "1" in ws.cell(11, 1).value


def test_web_issue_from_the_petition_page(petition, nghean, web):
    p = petition("accepted")
    page = web(nghean).get(f"/petitions/{p.pk}/")
    offered = [o["kind"].code for o in page.context["offers"]] if "offers" in page.context \
        else None
    body = page.content.decode()
    assert 'data-kind="acceptance_notice"' in body and 'data-kind="transfer_slip"' not in body
    assert offered is None or offered == ["acceptance_notice"]
    response = web(nghean).post(f"/documents/issue/petition/{p.pk}/",
                                {"template": "acceptance_notice",
                                 "acceptance_notice-signer_name": "Lê Thị Hoa"})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{doc.pk}/"
    assert doc.signer_name == "Lê Thị Hoa"
    detail = web(nghean).get(f"/documents/{doc.pk}/").content.decode()
    assert "01-TB/BNCTU" in detail and "download-pdf" in detail
    assert "01-TB/BNCTU" in web(nghean).get(f"/petitions/{p.pk}/").content.decode()


def test_register_xlsx_scope(petition, nghean, make_user, web):
    """The XLSX lists what the register page lists: another unit's officer asking for Nghệ An
    gets their own unit's (empty) register; a central analyst reads Nghệ An's."""
    doc = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice")
    url = f"/documents/register.xlsx?unit=nghe_an&year={doc.year}"

    def numbers(user):
        ws = load_workbook(io.BytesIO(web(user).get(url).content)).active
        return [r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[1]], ws["A1"].value

    assert numbers(nghean) == (["01-TB/BNCTU"], "BAN NỘI CHÍNH TỈNH ỦY NGHỆ AN")
    assert numbers(make_user("hn", "ha_noi"))[0] == []
    analyst = make_user("pt", "central", roles=(Role.CENTRAL_ANALYST,))
    assert numbers(analyst)[0] == ["01-TB/BNCTU"]
