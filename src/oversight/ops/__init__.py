"""Operating the whole installation from the console: the commands that span every app.

`seed`, `demo`, `bench`, `bench_load`, `explain`, `import`, `backup` and `restore` work on the
database as a whole (or on several apps' data at once), and `mark_overdue` starts the daily
run (`tasks.py`: the jobs housekeeping, overdue and escalation), so they live here, above the
apps they drive, rather than in `core`, which every app imports. Commands that touch one
app's data live in that app's `management/commands/`.
"""
