"""The link runs page and a run's progress card read the run's job (issue 18): its status,
progress and starter, with the run's own figures; the starter gets a link to the job's page."""

from __future__ import annotations

from oversight.accounts.roles import Role
from oversight.core import jobs
from oversight.people import actions
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
