"""The documents API: issue on a petition, a direction, a matter or a meeting; refusals name
the field; scope."""

from __future__ import annotations

import datetime as dt

from oversight.accounts.roles import Role
from oversight.documents.models import Document
from oversight.units.models import Unit
from tests.documents.conftest import docx_text


def test_api_issue(petition, nghean, api, make_user):
    p = petition("accepted")
    response = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                                {"template": "acceptance_notice"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "number", "issued_on", "template", "download"} <= set(body)
    assert body["number"] == "01-TB/BNCTU" and body["template"] == "acceptance_notice"
    assert body["download"].endswith(f"/api/documents/{body['id']}/download/")
    docx = api(nghean).get(body["download"] + "?type=docx")
    assert docx.status_code == 200 and "Nguyễn Văn Hùng" in docx_text(docx.content)
    listed = api(nghean).get(f"/api/petitions/{p.pk}/documents/").json()
    assert [d["id"] for d in listed] == [body["id"]]
    events = api(nghean).get(f"/api/petitions/{p.pk}/events/").json()
    rows = events["results"] if isinstance(events, dict) else events
    assert any(e["kind"] == "document_issued" for e in rows)
    # Refusals are JSON naming the field, and take no number.
    wrong = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "transfer_slip"}, format="json")
    assert wrong.status_code == 400 and "template" in wrong.json()
    extra = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "acceptance_notice", "colour": "đỏ"}, format="json")
    assert extra.status_code == 400 and "colour" in extra.json()
    bad_kind = api(nghean).post(f"/api/petitions/{p.pk}/documents/",
                                {"template": "nope"}, format="json")
    assert bad_kind.status_code == 400 and "template" in bad_kind.json()
    # Out of scope: 404; readable but not changeable (a central analyst): 403.
    assert api(make_user("hn", "ha_noi")).post(
        f"/api/petitions/{p.pk}/documents/", {"template": "acceptance_notice"},
        format="json").status_code == 404
    analyst = make_user("pt", "central", roles=(Role.CENTRAL_ANALYST,))
    assert api(analyst).post(f"/api/petitions/{p.pk}/documents/",
                             {"template": "acceptance_notice"}, format="json").status_code == 403
    assert Document.objects.count() == 1
    cancelled = api(nghean).post(f"/api/documents/{body['id']}/cancel/", {"reason": "Nhầm"},
                                 format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_api_issue_on_direction_matter_and_meeting(nghean, api, make_direction, make_matter):
    from oversight.committees import actions as committee_actions

    direction = make_direction()
    response = api(nghean).post(f"/api/directions/{direction.pk}/documents/",
                                {"template": "direction_letter"}, format="json")
    assert response.status_code == 201, response.content
    matter = make_matter("nghe_an", title="Vụ án Cảng cá Cửa Hội")
    missing = api(nghean).post(f"/api/matters/{matter.pk}/documents/",
                               {"template": "direction_letter"}, format="json")
    assert missing.status_code == 400 and "text" in missing.json()
    letter = api(nghean).post(f"/api/matters/{matter.pk}/documents/",
                              {"template": "direction_letter", "text": "Kết thúc điều tra",
                               "addressee": "Công an tỉnh Nghệ An", "due_on": "30/06/2025"},
                              format="json")
    assert letter.status_code == 201, letter.content
    text = docx_text(api(nghean).get(letter.json()["download"] + "?type=docx").content)
    assert "Kính gửi: Công an tỉnh Nghệ An" in text and "Vụ án Cảng cá Cửa Hội" in text
    meeting = committee_actions.create_meeting(
        by=nghean, unit=Unit.objects.get(code="nghe_an"), title="Phiên họp thường kỳ quý I",
        held_on=dt.date(2025, 3, 1), chair="Đồng chí Trưởng ban")
    committee_actions.add_conclusion(meeting, by=nghean, text="Đẩy nhanh tiến độ xét xử")
    notice = api(nghean).post(f"/api/meetings/{meeting.pk}/documents/",
                              {"template": "meeting_conclusions"}, format="json")
    assert notice.status_code == 201, notice.content
    assert [n for n in (response, letter, notice)
            if n.json()["number"].endswith("/BNCTU")] and Document.objects.count() == 3
