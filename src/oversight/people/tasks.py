"""The people registry's background work (see `core.jobs`): the full re-link is the job
"relink" (its figures on a `LinkRun`); the link of the mentions a saved record brings is a bare
task (below), not a job."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from oversight.accounts.models import User
from oversight.base.acting import acting
from oversight.core.jobs import JOB_ADDRESS, job


@job("relink", label=_("Re-link of the people registry"), max_attempts=2,
     safety="starts over: every link is recomputed from the mentions and the officers' "
            "decisions, the persons are kept where they are and the review queue is replaced "
            "whole, so a retry after a failure ends where a first run would have")
def relink(ctx):
    """Re-link every mention (people/linking/registry.py); the job runner records what it
    links as done by the user who started the run, from "job"."""
    from oversight.people.linking import registry  # late: pandas and Splink, for the worker

    return registry.relink(ctx)


@task()
def link_new_mentions(ids: list[int], user_id: int | None = None) -> int:
    """Link mentions saved with their records (see people.signals); mentions linked since, or
    deleted, are skipped. The links are recorded as `user_id`'s (who saved the record)."""
    from oversight.people.linking import incremental  # late: pandas and Splink, for the worker

    user = User.objects.filter(pk=user_id).first() if user_id else None
    with acting(user=user, address=JOB_ADDRESS):
        return incremental.link_mentions(ids)
