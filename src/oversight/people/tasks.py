"""Background tasks (django-tasks; the database backend in production)."""

from django_tasks import task

from oversight.accounts.models import User
from oversight.base.acting import acting
from oversight.core.jobs import JOB_ADDRESS
from oversight.people.models import LinkRun


@task()
def relink_all(run_id: int) -> int:
    """Re-link every mention; progress is written on the LinkRun."""
    from oversight.people.linking.registry import full_relink

    run = LinkRun.objects.select_related("started_by").get(pk=run_id)
    # The links, merges and unlinks of the run are recorded as the starter's, from "job".
    with acting(user=run.started_by, address=JOB_ADDRESS):
        run = full_relink(run)
    return run.persons


@task()
def link_new_mentions(ids: list[int], user_id: int | None = None) -> int:
    """Link mentions saved with their records (see people.signals); mentions linked since, or
    deleted, are skipped. The links are recorded as `user_id`'s (who saved the record)."""
    from oversight.people.linking import incremental

    user = User.objects.filter(pk=user_id).first() if user_id else None
    with acting(user=user, address=JOB_ADDRESS):
        return incremental.link_mentions(ids)
