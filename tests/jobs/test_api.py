"""The jobs API (/api/jobs/): cancel, start within the user's rights."""

from __future__ import annotations

from oversight.core import jobs
from oversight.jobs.models import Job, JobStatus


def test_cancel_while_queued(admin_user, api):
    job = jobs.enqueue("overdue", admin_user)
    response = api(admin_user).post(f"/api/jobs/{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert jobs.execute(job.pk) == JobStatus.CANCELLED


def test_provincial_user_may_not_start_a_national_report(nghean, web, api):
    response = web(nghean).post("/jobs/report/", {"place": "national:national",
                                                   "period": "2024", "format": "xlsx"})
    assert response.status_code == 403
    response = api(nghean).post("/api/jobs/", {"name": "report", "params": {
        "scope": "national", "period": "2024"}}, format="json")
    assert response.status_code == 403
    response = api(nghean).post("/api/jobs/", {"name": "report", "params": {
        "unit": "nghe_an", "period": "2024", "format": "docx"}}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "queued"
    assert api(nghean).post("/api/jobs/", {"name": "overdue"}, format="json").status_code == 403
    assert Job.objects.count() == 1
