"""Web pages: forms re-render with errors beside the fields and create nothing; the meeting
page answers "what did we decide and has it been done"; minutes as DOCX."""

import datetime as dt
import io
import re

from docx import Document

from oversight.committees import actions
from oversight.committees.models import CommitteeDocument, Inspection, Meeting, Project

D = dt.date


def test_meeting_form_shows_errors_and_creates_nothing(web, nghean, unit):
    response = web(nghean).post("/meetings/new/", {
        "unit": unit("nghe_an").pk, "body": "steering_committee", "kind": "session",
        "title": "Phiên họp", "held_on": "2099-01-01", "chair": "Bí thư"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "is-invalid" in body and "held_on" in response.context["form"].errors
    assert not Meeting.objects.exists()
    response = web(nghean).post("/meetings/new/", {
        "unit": unit("nghe_an").pk, "body": "steering_committee", "kind": "session",
        "title": "Phiên họp", "held_on": "2024-01-05", "chair": "Bí thư"})
    assert response.status_code == 302 and Meeting.objects.count() == 1


def test_inspection_form_shows_errors_and_creates_nothing(web, nghean, unit):
    response = web(nghean).post("/inspections/new/", {
        "unit": unit("nghe_an").pk, "kind": "inspection", "topic": "Kiểm tra",
        "period_start": "2024-05-01", "period_end": "2024-04-01", "status": "planned"})
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_document_and_project_forms(web, nghean, unit):
    client = web(nghean)
    response = client.post("/committee-documents/new/", {
        "unit": unit("nghe_an").pk, "kind": "plan", "title": "Kế hoạch", "status": "issued"})
    assert response.status_code == 200 and "issued_on" in response.context["form"].errors
    assert not CommitteeDocument.objects.exists()
    response = client.post("/projects/new/", {
        "unit": unit("nghe_an").pk, "kind": "project", "title": "Đề án",
        "status": "submitted"})
    assert response.status_code == 200 and not Project.objects.exists()
    assert "submitted_on" in response.context["form"].errors
    response = client.post("/projects/new/", {
        "unit": unit("nghe_an").pk, "kind": "project", "title": "Đề án",
        "status": "submitted", "submitted_on": "2024-02-01"})
    assert response.status_code == 302 and Project.objects.count() == 1
    assert "Đề án" in client.get("/projects/?sort=-submitted_on").content.decode()


def test_meeting_page_shows_each_conclusion_and_its_directions(web, nghean, make_meeting,
                                                               unit):
    meeting = make_meeting()
    conclusion = actions.add_conclusion(meeting, by=None, text="Thu hồi tài sản", directions=[
        {"addressee": unit("nghe_an"), "due_on": D(2024, 4, 1)}])
    client = web(nghean)
    response = client.post(f"/meetings/conclusions/{conclusion.pk}/directions/", {
        "addressee": unit("nghe_an").pk, "text": "Báo cáo kết quả", "due_on": "2099-01-01"})
    assert response.status_code == 302
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Thu hồi tài sản" in body and "Báo cáo kết quả" in body
    assert "text-bg-danger" in body  # the overdue direction
    assert len(re.findall(r'href="/directions/\d+/"', body)) == 2


def test_conclusion_form_errors_create_nothing(web, nghean, make_meeting, unit):
    meeting = make_meeting()
    web(nghean).post(f"/meetings/{meeting.pk}/conclusions/", {
        "text": "Kết luận", "addressee": unit("nghe_an").pk, "due_on": "2024-01-01"})
    assert not meeting.conclusions.exists()
    web(nghean).post(f"/meetings/{meeting.pk}/conclusions/", {
        "text": "Kết luận", "addressee": unit("nghe_an").pk})
    assert not meeting.conclusions.exists()


def test_minutes_docx_contains_the_conclusions(web, nghean, make_meeting, unit):
    meeting = make_meeting(attendees="Các thành viên Ban Chỉ đạo")
    actions.add_agenda_item(meeting, by=None, title="Tiến độ vụ án")
    actions.add_conclusion(meeting, by=None, text="Yêu cầu kết thúc điều tra trong quý II",
                           directions=[{"addressee": unit("nghe_an"),
                                        "due_on": D(2024, 6, 30)}])
    response = web(nghean).get(f"/meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN" in text and "Phiên họp quý I" in text
    assert "1. Yêu cầu kết thúc điều tra trong quý II" in text
    assert "30/06/2024" in text and "Tiến độ vụ án" in text
    assert "{{" not in text and "{%" not in text


def test_an_uploaded_minutes_template_replaces_the_default(web, nghean, make_meeting,
                                                          settings, tmp_path):
    from django.core.files.base import ContentFile

    from oversight.committees.models import MinutesTemplate

    settings.MEDIA_ROOT = tmp_path
    custom = Document()
    custom.add_paragraph("MẪU RIÊNG {{ title }}")
    buf = io.BytesIO()
    custom.save(buf)
    MinutesTemplate.objects.create(name="Riêng", file=ContentFile(buf.getvalue(), "r.docx"))
    meeting = make_meeting()
    response = web(nghean).get(f"/meetings/{meeting.pk}/minutes.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert text.strip() == "MẪU RIÊNG Phiên họp quý I"


def test_pages_render(web, nghean, make_meeting, make_inspection):
    make_meeting()
    inspection = make_inspection()
    finding = actions.add_finding(inspection, by=None, text="Phát hiện")
    actions.add_recommendation(inspection, by=None, text="Kiến nghị", due_on=D(2024, 6, 1),
                               finding=finding)
    client = web(nghean)
    for url in ("/meetings/", "/meetings/new/", "/inspections/", "/inspections/new/",
                f"/inspections/{inspection.pk}/", f"/inspections/{inspection.pk}/edit/",
                "/emulation/", "/emulation/new/", "/emulation/ranking/",
                "/committee-documents/", "/committee-documents/new/", "/projects/",
                "/projects/new/", "/meetings/?sort=-held_on&unit=nghe_an"):
        assert client.get(url).status_code == 200, url
