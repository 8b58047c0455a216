"""Background tasks (django-tasks; the database backend in production)."""

from django_tasks import task

from oversight.petitions import actions


@task()
def mark_overdue_petitions(today: str | None = None) -> int:
    """Daily: mark petitions whose running deadline passed and notify their assignees."""
    import datetime as dt

    return actions.mark_overdue(dt.date.fromisoformat(today) if today else None)
