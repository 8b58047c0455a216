"""Every list's filters: nothing the filter bar offers produces a form error, alone or combined,
on the page and in the API; each list's search ignores diacritics and case; a protected
identity is not searchable; exports obey the list.

The crawl reads each list's filter bar as the browser gets it (the <form id="list-filters">),
submits every option of every control alone, then random combinations (hypothesis), and
requires a 200 with no filter error — on the page, as the htmx request the bar sends, and on
the API list with the same parameters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.accounts.roles import Role
from oversight.people import actions as people_actions
from oversight.units.models import Unit

# page → API list with the same FilterSet
LISTS = {
    "/petitions/": "/api/petitions/",
    "/matters/": "/api/matters/",
    "/directions/": "/api/directions/",
    "/receptions/": "/api/receptions/",
    "/hotspots/": "/api/hotspots/",
    "/meetings/": "/api/meetings/",
    "/inspections/": "/api/inspections/",
    "/committee-documents/": "/api/committee-documents/",
    "/projects/": "/api/projects/",
    "/people/": "/api/people/",
    "/people/organisations/": "/api/organisations/",
    "/appraisals/": "/api/appraisals/",
}
FILTER_ERROR = 'class="alert alert-warning py-2" role="alert"'


class FilterBar(HTMLParser):
    """The controls of <form id="list-filters">: name → [values offered] (text: [""])."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.controls: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "list-filters":
            self.inside = True
        if not self.inside:
            return
        if tag == "select":
            self.select = a["name"]
            self.controls[self.select] = []
            self.kinds[self.select] = "select"
        elif tag == "option" and self.select:
            self.controls[self.select].append(a.get("value", ""))
        elif tag == "input" and a.get("name") and a.get("type") not in ("hidden", "submit"):
            self.controls[a["name"]] = [""]
            self.kinds[a["name"]] = a.get("type", "text")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.inside:
            self.inside = False


def bar_of(html: str) -> FilterBar:
    bar = FilterBar()
    bar.feed(html)
    assert bar.controls, "the page has no filter bar"
    return bar


@pytest.fixture
def records(db, make_user, make_matter, make_direction):
    """A little of everything in Nghệ An, some in old Quảng Bình, one protected petition."""
    from oversight.committees import actions as committee_actions
    from oversight.petitions import actions as petition_actions

    officer = make_user("nguyenthilan", "nghe_an", roles=(Role.OFFICER, Role.HEAD),
                        first_name="Lan", last_name="Nguyễn Thị")
    unit = Unit.objects.get(code="nghe_an")
    petition_actions.create_petition(
        by=officer, unit=unit, kind="complaint", received_on=dt.date(2025, 3, 3),
        subject="Khiếu nại về bồi thường đất đai", content="Đề nghị xem xét việc bồi thường.",
        petitioner={"name": "Dương Thị Mai", "id_number": "040185001111"})
    petition_actions.create_petition(
        by=officer, unit=unit, kind="denunciation", received_on=dt.date(2025, 4, 3),
        subject="Tố cáo cán bộ xã", content="Tố cáo việc nhận tiền.",
        petitioner={"name": "Phạm Văn Kín", "id_number": "040185009999"})
    make_matter("nghe_an", title="Vụ án vi phạm quy định về đất đai tại Nghi Lộc")
    make_direction(text="Khẩn trương điều tra vụ đất đai")
    make_matter("quang_tri", title="Vụ việc tại Quảng Trị")
    petition_actions.create_reception(
        by=officer, unit=unit, held_on=dt.date(2025, 2, 14), host="Đồng chí Hoàng Văn Tiếp",
        citizens="Trần Văn Bình")
    petition_actions.create_hotspot(by=officer, unit=unit, name="Khiếu kiện đất đai Cửa Lò",
                                    started_on=dt.date(2024, 1, 1))
    committee_actions.create_meeting(
        by=officer, unit=unit, held_on=dt.date(2025, 1, 10), title="Phiên họp quý I",
        chair="Nguyễn Văn An")
    people_actions.create_appraisal(
        by=officer, unit=unit, requesting_body="Ban Tổ chức Tỉnh ủy", purpose="appointment",
        received_on=dt.date(2025, 5, 1), due_on=dt.date(2025, 5, 20), nominees=[])
    return officer


def test_every_option_of_every_filter_alone(web, records):
    client = web(records)
    for page in LISTS:
        html = client.get(page, {"clear": "1"}, follow=True).content.decode()
        bar = bar_of(html)
        for name, values in bar.controls.items():
            for value in values:
                params = {name: value or _sample(bar.kinds[name])}
                response = client.get(page, params)
                body = response.content.decode()
                assert response.status_code == 200, (page, params)
                assert FILTER_ERROR not in body, (page, params, body[:400])
                response = client.get(page, params, HTTP_HX_REQUEST="true")
                assert response.status_code == 200 and FILTER_ERROR not in \
                    response.content.decode(), (page, params)


def _sample(kind: str) -> str:
    return {"date": "2025-03-03", "search": "dat dai"}.get(kind, "")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_combinations_on_pages_and_api(web, api, records, data):
    client = web(records)
    caller = api(records)
    page = data.draw(st.sampled_from(sorted(LISTS)))
    html = client.get(page, {"clear": "1"}, follow=True).content.decode()
    bar = bar_of(html)
    params = {}
    for name, values in bar.controls.items():
        kind = bar.kinds[name]
        if kind == "date":
            day = data.draw(st.one_of(st.just(""), st.dates(dt.date(1990, 1, 1),
                                                            dt.date(2035, 12, 31))))
            params[name] = day.isoformat() if day else ""
        elif kind in ("search", "text"):
            params[name] = data.draw(st.sampled_from(["", "dat dai", "Dương Thị Mai", "42",
                                                      "boi thuong", "  "]))
        else:
            params[name] = data.draw(st.sampled_from(values))
    response = client.get(page, params)
    assert response.status_code == 200, (page, params)
    assert FILTER_ERROR not in response.content.decode(), (page, params)
    answer = caller.get(LISTS[page], params)
    assert answer.status_code == 200, (LISTS[page], params, answer.content[:300])


def test_control_a_value_no_page_offers_is_refused_beside_its_label(web, api, records):
    """The control: the crawl would see an error if the bar offered a bad value."""
    body = web(records).get("/petitions/", {"status": "nonsense"}).content.decode()
    assert FILTER_ERROR in body and "Trạng thái" in body
    answer = api(records).get("/api/petitions/", {"status": "nonsense"})
    assert answer.status_code == 400 and "status" in answer.json()


@pytest.mark.parametrize("query", ["duong thi mai", "Dương Thị Mai", "DUONG thi", "boi thuong",
                                   "bồi thường", "dat dai"])
def test_petition_search_ignores_diacritics(web, api, records, query):
    body = web(records).get("/petitions/", {"q": query}).content.decode()
    assert "Khiếu nại về bồi thường đất đai" in body
    assert "Tố cáo cán bộ xã" not in body
    results = api(records).get("/api/petitions/", {"q": query}).json()["results"]
    assert [r["subject"] for r in results] == ["Khiếu nại về bồi thường đất đai"]


def test_protected_identity_is_not_searchable(web, api, records):
    """A denouncer's name is sealed: searching it finds nothing (it is not in the index)."""
    for query in ("Phạm Văn Kín", "pham van kin", "040185009999"):
        assert "Tố cáo cán bộ xã" not in web(records).get(
            "/petitions/", {"q": query}).content.decode()
        assert api(records).get("/api/petitions/", {"q": query}).json()["count"] == 0


@pytest.mark.parametrize(("page", "query", "found"), [
    ("/matters/", "dat dai", "Vụ án vi phạm quy định về đất đai tại Nghi Lộc"),
    ("/directions/", "dieu tra", "Khẩn trương điều tra vụ đất đai"),
    ("/receptions/", "tran van binh", "Đồng chí Hoàng Văn Tiếp"),
    ("/hotspots/", "cua lo", "Khiếu kiện đất đai Cửa Lò"),
    ("/appraisals/", "ban to chuc", "Ban Tổ chức Tỉnh ủy"),
])
def test_each_list_search_ignores_diacritics(web, records, page, query, found):
    client = web(records)
    assert found in _body(client.get(page, {"q": query}))
    assert found not in _body(client.get(page, {"q": "khong co tu nay"}))


def _body(response) -> str:
    """The list itself (not the filter bar's options)."""
    return response.content.decode().split('id="list-body"', 1)[1]


def test_empty_result_offers_clear_filters_and_clear_forgets(web, records):
    client = web(records)
    body = client.get("/petitions/", {"q": "khong co tu nay"}).content.decode()
    assert "Không có kết quả nào khớp với bộ lọc này." in body
    assert 'href="/petitions/?clear=1"' in body
    assert client.get("/petitions/")["Location"] == "/petitions/?q=khong+co+tu+nay"
    assert client.get("/petitions/", {"clear": "1"})["Location"] == "/petitions/"
    assert client.get("/petitions/").status_code == 200


def test_saved_filters_are_the_users_own(web, make_user, records):
    client = web(records)
    response = client.post("/saved-filters/", {
        "list_name": "petitions", "name": "Khiếu nại", "query": "kind=complaint&page=3",
        "next": "/petitions/"})
    assert response.status_code == 302
    from oversight.accounts.models import SavedFilter

    saved = SavedFilter.objects.get(user=records, name="Khiếu nại")
    assert saved.query == "kind=complaint"
    body = client.get("/petitions/", {"kind": "complaint"}).content.decode()
    assert "?kind=complaint" in body and "Khiếu nại</a>" in body
    other = make_user("other", "nghe_an")
    client.force_login(other)
    assert client.post(f"/saved-filters/{saved.pk}/delete/").status_code == 404
    client.force_login(records)
    assert client.post(f"/saved-filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.filter(name="Khiếu nại").exists()


def test_export_obeys_the_list(web, records, make_user):
    from oversight.audit.models import AuditEntry

    client = web(records)
    data = client.get("/petitions/", {"export": "csv", "q": "boi thuong"}).content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows, stamp = rows[:-1], rows[-1]  # the last row: the audit chain head, one cell
    assert len(stamp) == 1 and AuditEntry.objects.filter(hash=stamp[0][-64:]).exists()
    assert rows[0][0] == "Số" and len(rows) == 2
    assert rows[1][2] == "Khiếu nại về bồi thường đất đai"
    assert "Dương Thị Mai" not in data.decode("utf-8-sig")  # no petitioner column
    whole = client.get("/petitions/", {"export": "xlsx"})
    assert whole["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(whole.content)).active
    assert sheet.max_row == 3  # header + both petitions of the unit
    # another province's officer exports nothing of Nghệ An
    client.force_login(make_user("hanoi", "ha_noi"))
    rows = list(csv.reader(io.StringIO(client.get(
        "/petitions/", {"export": "csv"}).content.decode("utf-8-sig"))))
    assert len(rows) == 2 and len(rows[1]) == 1  # the header and the chain head's row


def test_export_of_a_big_list_is_a_job(web, records, settings, monkeypatch):
    from oversight.core import exports, jobs
    from oversight.jobs.models import Job

    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1)
    client = web(records)
    response = client.get("/petitions/", {"export": "xlsx"})
    job = Job.objects.get(name="list_export")
    assert response["Location"] == f"/jobs/{job.pk}/"
    jobs.run_queued()
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 2
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Danh sách" in page and "XLSX" in page and "Đang ghi các dòng" in page


def _petitions():
    from oversight.petitions.models import Petition

    return Petition.objects.order_by("pk")


def test_bulk_assign_goes_through_the_actions(web, records, make_user):
    colleague = make_user("tranvanhai", "nghe_an", display_name="Trần Văn Hải")
    ids = list(_petitions().values_list("pk", flat=True))
    response = web(records).post("/petitions/bulk/", {
        "action": "assign", "selected": ids, "assignee": "tranvanhai", "next": "/petitions/"})
    assert response.status_code == 302 and response["Location"] == "/petitions/"
    assert {p.assignee_id for p in _petitions()} == {colleague.pk}
    assert all(p.events.filter(kind="assigned").exists() for p in _petitions())
    body = web(records).get("/petitions/", {"assignee": "tranvanhai"}).content.decode()
    assert "Trần Văn Hải" in body  # the column shows full names


def test_bulk_refuses_all_when_one_is_refused(web, records, make_user):
    """Two received petitions cannot be transferred before classification: nothing moves,
    and each refusal says why."""
    ids = list(_petitions().values_list("pk", flat=True))
    client = web(records)
    response = client.post("/petitions/bulk/", {
        "action": "transfer", "selected": ids, "to_unit": "ha_noi", "next": "/petitions/"},
        follow=True)
    body = response.content.decode()
    assert "Chưa thay đổi gì: 2 trong số 2 đơn" in body
    assert all(p.status == "received" for p in _petitions())


def test_bulk_refuses_another_units_records(web, records, make_user, make_matter):
    from oversight.petitions import actions as petition_actions

    hanoi = make_user("hanoi", "ha_noi")
    theirs = petition_actions.create_petition(
        by=hanoi, unit=Unit.objects.get(code="ha_noi"), kind="reflection",
        received_on=dt.date(2025, 3, 3), subject="Phản ánh Hà Nội", content="Nội dung.",
        anonymous=True)
    mine = _petitions().filter(unit__code="nghe_an").first()
    web(records).post("/petitions/bulk/", {
        "action": "assign", "selected": [mine.pk, theirs.pk], "assignee": "me"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.assignee_id is None and mine.assignee_id is None


def test_assignee_filter_on_the_api(api, records, make_user):
    from oversight.petitions import actions as petition_actions

    colleague = make_user("tranvanhai", "nghe_an", display_name="Trần Văn Hải")
    first, second = _petitions()
    petition_actions.assign(first, by=records, assignee=records)
    petition_actions.assign(second, by=records, assignee=colleague)
    caller = api(records)

    def subjects(**params):
        return [r["subject"] for r in caller.get("/api/petitions/", params).json()["results"]]

    assert subjects(assignee="me") == [first.subject]
    assert subjects(assignee="tranvanhai") == [second.subject]
    assert subjects(assignee="none") == []
    assert subjects(assignee="nobody-of-that-name") == []
    assert len(subjects()) == 2  # the control: without the filter both are listed


@given(options=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=12)), max_size=6),
       chosen=st.text(max_size=8))
@settings(max_examples=200, deadline=None)
def test_options_written_once_are_the_options_written_anew(options, chosen):
    """`select_options` keeps what it wrote (a filter bar offers the same options on every
    page): what it hands out equals what it writes with nothing kept, for any options."""
    from django.utils.html import format_html_join

    from oversight.web.templatetags import lists

    first = lists.select_options(options, chosen)
    kept = lists.select_options(list(options), chosen)
    fresh = format_html_join("", '<option value="{}"{}>{}</option>',
                             ((v, " selected" if v == chosen else "", t) for v, t in options))
    assert first == kept == fresh


def test_options_with_a_lazy_label_are_written_in_the_reader_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from oversight.web.templatetags import lists

    options = [("me", gettext_lazy("Me"))]
    with translation.override("en"):
        english = lists.select_options(options, "")
    with translation.override("vi"):
        vietnamese = lists.select_options(options, "")
    assert ">Me<" in english and ">Me<" not in vietnamese
