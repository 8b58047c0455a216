"""The people pages: the link runs page and a run's progress card read the run's job (issue 18):
its status, progress and starter, with the run's own figures; the starter gets a link to the
job's page. The dossier, an appraisal and the review of a proposed link respect the scope."""

from __future__ import annotations

from oversight.accounts.roles import Role
from oversight.core import jobs
from oversight.people import actions
from oversight.people.linking import registry
from tests.people.conftest import HUNG


def test_the_runs_page_shows_each_run_from_its_job(petition_by, make_user, nghean, web):
    head = make_user("head", "nghe_an", roles=(Role.HEAD,))
    petition_by(HUNG)
    queued = actions.start_relink(by=head)
    page = web(head).get("/people/runs/").content.decode()
    assert f'id="run-{queued.pk}"' in page and 'hx-trigger="every 2s"' in page  # still polls
    assert f'href="/jobs/{queued.job_id}/"' in page  # the starter reaches the job's page

    jobs.execute(queued.job_id)
    card = web(head).get(f"/people/runs/{queued.pk}/progress/").content.decode()
    assert 'style="width: 100%"' in card and "hx-trigger" not in card  # done: no more polling
    assert f"· {head}" in card  # who started it
    # another officer sees the run and its starter, without the link to someone else's job
    other = web(nghean).get("/people/runs/").content.decode()
    assert f'id="run-{queued.pk}"' in other and f'href="/jobs/{queued.job_id}/"' not in other


def test_dossier_page_and_pdf_respect_scope(nominee_case, nghean, web):
    client = web(nghean)
    body = client.get(f"/people/{nominee_case['hung'].pk}/dossier/").content.decode()
    assert "Tố cáo giám đốc sở" in body and "mật Hà Nội" not in body
    assert "outside your access" in body or "ngoài phạm vi" in body
    page = client.get(f"/appraisals/{nominee_case['appraisal'].pk}/").content.decode()
    assert "Công ty TNHH Hoa Sen" in page


def test_review_page_shows_waterfall_and_decides(petition_by, nghean, web):
    from tests.people.test_registry import MAI, MAI_AGAIN

    petition_by(MAI)
    petition_by(MAI_AGAIN)
    registry.full_relink()
    from oversight.people.models import LinkCandidate, LinkDecision

    candidate = LinkCandidate.objects.get()
    client = web(nghean)
    body = client.get(f"/people/review/{candidate.pk}/").content.decode()
    assert "waterfall" in body and "Xóm 5" in body
    # the weights table in Vietnamese: every comparison and level in words (issue 15)
    from oversight.people.linking import labels

    assert "Điểm tổng hợp" in body and "Trọng số ban đầu" in body
    table = body[body.index('class="table table-sm mb-0 small waterfall"'):]
    table = table[:table.index("</table>")]
    for row in candidate.waterfall:
        assert labels.level(row["level"]) != row["level"] or not row["level"], row["level"]
        assert f">{row['level']}<" not in table and f">{row['comparison']}<" not in table
    client.cookies["oversight_language"] = "en"
    english = client.get(f"/people/review/{candidate.pk}/").content.decode()
    assert "Final score" in english and "Điểm tổng hợp" not in english
    response = client.post(f"/people/review/{candidate.pk}/decide/", {"decision": "reject"})
    assert response.status_code == 302
    assert LinkDecision.objects.get().by == nghean
