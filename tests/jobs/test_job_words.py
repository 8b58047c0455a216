"""A job's page says what it makes in the user's words: "Định dạng: PDF · Kỳ: năm 2024 ·
Phạm vi: toàn quốc", and its steps in the user's language."""

import re

from django.conf import settings as django_settings

from oversight.core import jobs
from oversight.jobs.models import Job


def _description(body: str) -> str:
    found = re.search(r'id="job-description">(.*?)<br', body, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_job_page_speaks_vietnamese_and_english(analyst, web, client):
    page = web(analyst)
    page.post("/jobs/report/", {"place": "national:national", "period": "2024",
                                "format": "pdf"})
    job = Job.objects.get()
    body = page.get(f"/jobs/{job.pk}/").content.decode()
    assert _description(body) == "Định dạng: PDF · Kỳ: năm 2024 · Phạm vi: toàn quốc"
    assert "scope" not in body and "national" not in _description(body)
    listing = page.get("/jobs/").content.decode()
    assert "Kỳ: năm 2024" in listing
    page.post("/jobs/report/", {"place": "unit:nghe_an", "period": "2024-H1", "format": "xlsx",
                                "calendar": "statutory"})
    second = Job.objects.order_by("-id").first()
    assert _description(page.get(f"/jobs/{second.pk}/").content.decode()) == (
        "Định dạng: XLSX · Kỳ: 6 tháng đầu năm 2024 · Phạm vi: Ban Nội chính Tỉnh ủy Nghệ An · "
        "Kỳ số liệu: Theo quy định (15/12–14/12)")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page.get(f"/jobs/{job.pk}/").content.decode()
    assert _description(english) == "Format: PDF · Period: 2024 · Scope: nationwide"


def test_the_steps_are_translated(analyst, web, monkeypatch):
    page = web(analyst)
    page.post("/jobs/report/", {"place": "national:national", "period": "2024",
                                "format": "xlsx"})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status="running", message="Rendering the document",
                                         total=3, done=1)
    fragment = page.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đang lập văn bản" in fragment and "33%" in fragment
    assert jobs.REGISTRY["report"].describe is not None
