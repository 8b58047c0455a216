"""The intake's background jobs (see `core.jobs`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from oversight.core.jobs import job


@job("intake_read", label=_("Reading a scan or email"), max_attempts=2,
     safety="all-or-nothing: the OCR runs in a private temporary directory and the pages, "
            "searchable PDFs and proposals are written in one transaction at the end; a retry "
            "deletes what an earlier attempt wrote and starts over")
def read(ctx, *, draft: int):
    from oversight.intake import actions

    return actions.read_draft(ctx, draft)
