"""Background tasks (django-tasks; the database backend in production)."""

from django_tasks import task


@task()
def relink_all(run_id: int) -> int:
    """Re-link every mention; progress is written on the LinkRun."""
    from oversight.people.linking.registry import full_relink
    from oversight.people.models import LinkRun

    run = full_relink(LinkRun.objects.get(pk=run_id))
    return run.persons


@task()
def link_new_mentions(ids: list[int]) -> int:
    """Link mentions saved with their records (see people.signals); mentions linked since, or
    deleted, are skipped."""
    from oversight.people.linking import incremental

    return incremental.link_mentions(ids)
