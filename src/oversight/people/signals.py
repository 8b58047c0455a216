"""Mentions follow the records that make them; new mentions are linked by the task worker.

Linking a mention scores it against every registry mention sharing a blocking key with Splink
(seconds for a common name): that work is enqueued as a task in the record's own transaction
(`people.tasks.link_new_mentions`, the database task backend), so intake answers at once and
a mention is never left unlinked by a crash between the commit and the enqueue.

Linking on save can be paused (`paused()`), e.g. while seeding demo data, which then runs one
full link at the end.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.db.models.signals import post_save

from oversight.base.acting import current
from oversight.matters.models import Defendant
from oversight.people import tasks
from oversight.petitions.choices import EventKind
from oversight.petitions.models import Petition, PetitionEvent, Reception

_paused = contextvars.ContextVar("people_linking_paused", default=False)


@contextlib.contextmanager
def paused():
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Late, as in _assigned: the mention and notice code loads on the first save, not at
    # start-up (`oversight link` sets Django up and needs neither).
    from oversight.people import mentions

    changed = mentions.sync(instance)
    if changed and not _paused.get() and getattr(settings, "PEOPLE_LINK_ON_SAVE", True):
        # The links the task makes are recorded as the doing of whoever saved the record.
        user = current().current_user()
        tasks.link_new_mentions.enqueue([m.pk for m in changed], getattr(user, "pk", None))


def _assigned(sender, instance, created=False, raw=False, **kwargs):
    """An assignment whose officer is related to a person the petition names is flagged to
    the unit's heads (`named.notify_heads`), in the assignment's own transaction."""
    if raw or not created or instance.kind != EventKind.ASSIGNED:
        return
    from oversight.people import named  # late: see _saved

    named.notify_heads(instance.petition)


def connect() -> None:
    for model in (Petition, Reception, Defendant):
        post_save.connect(_saved, sender=model, dispatch_uid=f"people-mentions-{model.__name__}")
    post_save.connect(_assigned, sender=PetitionEvent, dispatch_uid="people-assignment-conflict")
