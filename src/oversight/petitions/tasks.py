"""Background tasks (django-tasks; the database backend in production)."""

from django_tasks import task

from oversight.petitions import actions


@task()
def mark_overdue_petitions(today: str | None = None) -> int:
    """Daily: mark petitions whose running deadline passed and notify their assignees; forget
    the public portal's rate-limit counters older than two days (its privacy notice says so);
    delete the key wraps of disclosures past their time (they already open nothing)."""
    import datetime as dt

    from oversight.identity import keys
    from oversight.portal import limits

    limits.purge()
    keys.expire_disclosures()
    return actions.mark_overdue(dt.date.fromisoformat(today) if today else None)
