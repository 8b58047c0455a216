"""The jobs pages (/jobs/): start, follow, download; another user's job does not exist for them."""

from __future__ import annotations

from oversight.core import jobs
from oversight.jobs.models import Job, JobStatus


def test_national_report_in_background(analyst, nghean, make_matter, web, api, settings,
                                       tmp_path):
    settings.DATA_DIR = tmp_path
    make_matter("nghe_an")
    client = web(analyst)
    response = client.post("/jobs/report/", {"place": "national:national", "period": "2024",
                                             "format": "xlsx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params == {"format": "xlsx", "period": "2024", "calendar": "calendar",
                          "scope": "national"}
    assert jobs.execute(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result_file.startswith("jobs/") and not list(tmp_path.glob("jobs/*.part"))
    page = client.get(f"/jobs/{job.pk}/")
    assert b"/download/" in page.content and b"100%" in page.content
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in fragment.content  # finished: polling stops
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # another user: the job does not exist for them
    other = web(nghean)
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert other.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert api(nghean).get(f"/api/jobs/{job.pk}/").status_code == 404
    assert api(nghean).post(f"/api/jobs/{job.pk}/cancel/").status_code == 404
    assert api(nghean).get("/api/jobs/").json()["count"] == 0
    assert api(analyst).get("/api/jobs/").json()["results"][0]["download"] == \
        f"/jobs/{job.pk}/download/"


def test_jobs_list_own_and_admin_all(nghean, hanoi, admin_user, web, api):
    mine = jobs.enqueue("report", nghean, format="xlsx", unit="nghe_an", period="2024")
    jobs.enqueue("report", hanoi, format="xlsx", unit="ha_noi", period="2024")
    assert [j["id"] for j in api(nghean).get("/api/jobs/").json()["results"]] == [mine.pk]
    assert api(admin_user).get("/api/jobs/").json()["count"] == 2
    page = web(nghean).get("/jobs/")
    assert page.status_code == 200 and f"/jobs/{mine.pk}/".encode() in page.content
    assert web(nghean).post("/jobs/start/overdue/").status_code == 403
    assert web(admin_user).post("/jobs/start/search_rebuild/").status_code == 302


def test_dashboard_offers_background_generation(analyst, web):
    page = web(analyst).get("/reports/dashboard/?place=national:national&period=2024")
    assert b"/jobs/report/" in page.content
