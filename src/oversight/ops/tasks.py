"""The daily run (systemd's oversight-daily.timer: `oversight mark_overdue --enqueue`), as jobs.

It spans apps (petitions, identity, the portal, escalation in workcalendar), so it lives here,
above them all. It starts three jobs (jobs/definitions.py), by the System (no user) unless
`--as` names one, each with its progress on the jobs page: the housekeeping (the portal's old
counters, expired disclosures), the overdue marking (`overdue`, which also sends the deadline
digests) and the escalation steps (`escalation`). There is no other path: the command run by
hand runs the same jobs in its own process (`core.jobs.run`)."""

from __future__ import annotations

from oversight.core import jobs

# The jobs of the daily run (jobs/definitions.py), in the order they run (the worker takes the
# oldest first).
DAILY = ("housekeeping", "overdue", "escalation")


def daily(*, by=None, today: str | None = None, now: bool = False) -> list:
    """Start the daily jobs (`by`: None is the System); `now` runs them in this process
    instead of handing them to the worker. Returns the job rows."""
    start = jobs.run if now else jobs.enqueue
    day = {"today": today} if today else {}
    return [start(name, by, **(day if name != "housekeeping" else {})) for name in DAILY]
