"""The intake's background jobs (see `core.jobs`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from oversight.core.jobs import job


@job("intake_read", label=_("Reading a scan or email"), max_attempts=2,
     safety="all-or-nothing: the OCR runs in a private temporary directory and the pages, "
            "searchable PDFs and proposals are written in one transaction at the end; a retry "
            "deletes what an earlier attempt wrote and starts over")
def read(ctx, *, draft: int):
    # Late: the job kinds register at start-up (intake/apps.py); the OCR and petition code
    # they run loads when a job runs.
    from oversight.intake import actions

    return actions.read_draft(ctx, draft)


@job("intake_poll", label=_("Reading the mailbox"), max_attempts=3,
     safety="idempotent: a message already imported is recognised by its Message-ID and not "
            "imported again; it is marked seen only after its draft is saved")
def poll(ctx):
    from oversight.intake import imap  # late: see read()

    return imap.poll(by=ctx.job.created_by)
