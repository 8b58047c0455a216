"""A meeting shows its nested records through the reader's scope (issue 13, point 4): a
secret matter on the agenda and the directions on it are absent from the page, the minutes,
/api/meetings/{id}/ and /api/conclusions/{id}/ — as /api/directions/{id}/ answers 404 — and
present for a user on the matter's access list (the control)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from oversight.committees import actions
from tests.test_scope import _classify, _grant

D = dt.date
TITLE = "Vụ án bí mật XK-41"
TEXT = "Chỉ đạo bí mật thu giữ tài liệu XK-41"


@pytest.fixture
def secret_meeting(make_meeting, make_matter, unit):
    meeting = make_meeting()
    matter = make_matter("nghe_an", title=TITLE)
    open_matter = make_matter("nghe_an", title="Vụ án công khai")
    actions.add_agenda_item(meeting, by=None, title="Tiến độ các vụ án",
                            matters=[matter, open_matter])
    conclusion = actions.add_conclusion(meeting, by=None, text="Đẩy nhanh điều tra", directions=[
        {"addressee": unit("nghe_an"), "due_on": D(2024, 6, 30), "text": TEXT, "matter": matter},
        {"addressee": unit("nghe_an"), "due_on": D(2024, 6, 30), "text": "Chỉ đạo công khai"}])
    _classify(matter, "secret")
    secret_direction = conclusion.directions.get(matter=matter)
    return meeting, conclusion, matter, secret_direction


def _views(client_web, client_api, meeting, conclusion) -> dict[str, str]:
    minutes = client_web.get(f"/meetings/{meeting.pk}/minutes.docx")
    assert minutes.status_code == 200
    doc = Document(io.BytesIO(minutes.content))
    return {
        "page": client_web.get(f"/meetings/{meeting.pk}/").content.decode(),
        "minutes": "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for r in t.rows for c in r.cells),
        "api-meeting": client_api.get(f"/api/meetings/{meeting.pk}/").content.decode(),
        "api-meetings": client_api.get("/api/meetings/").content.decode(),
        "api-conclusion": client_api.get(f"/api/conclusions/{conclusion.pk}/").content.decode(),
        "api-conclusions": client_api.get("/api/conclusions/").content.decode(),
    }


def test_secret_matter_and_its_directions_absent_from_the_meeting(secret_meeting, nghean, web,
                                                                  api):
    meeting, conclusion, matter, direction = secret_meeting
    assert api(nghean).get(f"/api/directions/{direction.pk}/").status_code == 404
    for where, body in _views(web(nghean), api(nghean), meeting, conclusion).items():
        assert TEXT not in body, where
        assert TITLE not in body, where
        assert "Chỉ đạo công khai" in body, where  # the rest of the meeting is there
    data = api(nghean).get(f"/api/meetings/{meeting.pk}/").json()
    assert matter.pk not in data["agenda"][0]["matters"]
    assert len(data["agenda"][0]["matters"]) == 1
    assert [d["text"] for d in data["conclusions"][0]["directions"]] == ["Chỉ đạo công khai"]
    # The page says that something is withheld, without saying what.
    page = web(nghean).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Còn 2 hồ sơ ngoài phạm vi tiếp cận của bạn" in page


def test_the_access_list_sees_them(secret_meeting, nghean, web, api):
    meeting, conclusion, matter, direction = secret_meeting
    _grant(matter, nghean)
    assert api(nghean).get(f"/api/directions/{direction.pk}/").status_code == 200
    for where, body in _views(web(nghean), api(nghean), meeting, conclusion).items():
        assert TEXT in body, where
    data = api(nghean).get(f"/api/meetings/{meeting.pk}/").json()
    assert matter.pk in data["agenda"][0]["matters"]
    page = web(nghean).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "ngoài phạm vi tiếp cận" not in page


def test_another_unit_sees_no_count(secret_meeting, make_user, web):
    """A count of hidden records is for the user's own unit: an analyst of the centre, who
    reads every unit, is not told that Nghệ An has a secret matter."""
    from oversight.accounts.roles import Role

    meeting, _conclusion, _matter, _direction = secret_meeting
    central = make_user("central", "central", roles=(Role.CENTRAL_ANALYST,))
    page = web(central).get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert TITLE not in body and TEXT not in body
    assert "ngoài phạm vi tiếp cận" not in body


def test_the_meeting_list_counts_only_directions_the_reader_may_open(secret_meeting, nghean,
                                                                     web):
    """The list's directions column (and its export) says 1 to a reader outside the secret
    matter's access list and 2 to one on it (the control)."""
    meeting, _conclusion, matter, _direction = secret_meeting

    def column() -> str:
        rows = web(nghean).get("/meetings/?export=csv").content.decode("utf-8-sig").splitlines()
        return next(r for r in rows if r.startswith(f"{meeting.pk},")).rsplit(",", 1)[1]

    assert column() == "1"
    _grant(matter, nghean)
    assert column() == "2"
