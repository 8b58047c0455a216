"""Background tasks (django-tasks; the database backend in production)."""

from django_tasks import task

from oversight.petitions import actions


@task()
def mark_overdue_petitions(today: str | None = None) -> int:
    """Daily: mark petitions whose running deadline passed and notify their assignees; forget
    the public portal's rate-limit counters older than two days (its privacy notice says so)."""
    import datetime as dt

    from oversight.portal import limits

    limits.purge()
    return actions.mark_overdue(dt.date.fromisoformat(today) if today else None)
