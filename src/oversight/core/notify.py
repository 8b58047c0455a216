"""In-app notifications: the one function every part of the project calls to tell users
something (a direction arrived, a petition was assigned to them, an escalation step…).

    from django.utils.translation import gettext_noop
    from oversight.core.notify import Phrase, notify
    notify(petition.assignee, "assigned", petition,
           Phrase(gettext_noop("Petition “%(subject)s” was assigned to you by %(by)s."),
                  subject=petition.subject, by=str(by)))

A notice is said in the *reader's* language, not the language of whoever caused it: it is
stored as a `Phrase` (the English message id and its parameters, `Notification.message`) and
translated when it is shown (`Notification.sentence`), in the language of the page or API
call reading it. Parameters that are words of the interface (a choice label, "the system",
"3 working days left") are phrases themselves; names, subjects and references are data and
stay as written. The `text` column keeps the sentence as it was first said, for rows from
before phrases and for the audit trail.

No flood: a user who already has an unread notification of the same kind about the same
record from today is not told again (that one is brought to the top instead). Deadlines
coming up are gathered into one daily digest per user (`web.mywork.send_deadline_digests`,
run by the daily task) rather than one notice per record.

Notifications say *that* something happened and link to the record; the record itself is still
read through its own page, so need-to-know applies there (`ScopedQuerySet.restrict`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.core.models import Notification
from oversight.core.phrases import Localized, Phrase, by_whom, say
from oversight.core.scoping import VIEW, can

__all__ = ["Localized", "Phrase", "by_whom", "notify", "record_link", "say", "unit_staff"]


# The record types a notification can link to without asking the record (name → URL name).
_DETAIL_URLS = {
    "petitions.petition": "petition-detail",
    "matters.matter": "matter-detail",
    "matters.direction": "direction-detail",
    "committees.inspection": "inspection-detail",
    "people.appraisal": "appraisal-detail",
    "petitions.hotspot": "hotspot-detail",
}


def record_type(record) -> str:
    return f"{record._meta.app_label}.{record._meta.model_name}" if record is not None else ""


def record_link(record) -> str:
    """The page of `record` ("" when it has none)."""
    from django.urls import NoReverseMatch, reverse

    if record is None:
        return ""
    name = _DETAIL_URLS.get(record_type(record))
    if name is None and record_type(record) == "committees.recommendation":
        return reverse("inspection-detail", args=[record.inspection_id])
    if name is not None:
        try:
            return reverse(name, args=[record.pk])
        except NoReverseMatch:
            return ""
    getter = getattr(record, "get_absolute_url", None)
    return getter() if getter else ""


def _users(user_or_users) -> list:
    if user_or_users is None:
        return []
    if hasattr(user_or_users, "pk") and not isinstance(user_or_users, (list, tuple, set)):
        return [user_or_users]
    seen, out = set(), []
    for user in user_or_users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            out.append(user)
    return out


def notify(user_or_users, kind: str, record, text: Phrase | str, *,
           link: str | None = None) -> int:
    """Tell one user or several (None and inactive users are skipped) about `record`.

    `kind` is a `core.choices.NotificationKind` value (any short string is kept); `record` is the
    model instance the notice is about, or None; `text` is the sentence shown, a `Phrase` said in
    each reader's language when read (a plain string is shown as it is; cut to 500
    characters). Returns how many notifications were
    written: a user with an unread notice of the same kind about the same record from today
    gets none (the existing one moves to the top with the new text)."""
    users = [u for u in _users(user_or_users) if getattr(u, "is_active", True)]
    if record is not None and hasattr(type(record)._default_manager.all(), "restrict"):
        # A notice names its record: only to who may open it (a secret petition's assignee
        # who is not on its access list is not told its subject).
        users = [u for u in users if can(u, VIEW, record)]
    if not users:
        return 0
    rtype = record_type(record)
    rid = record.pk if record is not None else None
    link = record_link(record) if link is None else link
    message = text.as_data() if isinstance(text, Phrase) else None
    text = str(text)[:500]
    now = timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    written = 0
    for user in users:
        existing = None
        if rid is not None:
            existing = (Notification.objects.filter(
                user=user, kind=kind, record_type=rtype, record_id=rid, read=False,
                created_at__gte=start).order_by("-created_at").first())
        if existing is not None:
            existing.text, existing.message = text, message
            existing.link, existing.created_at = link, now
            existing.save(update_fields=["text", "message", "link", "created_at"])
            continue
        Notification.objects.create(user=user, kind=kind, record_type=rtype, record_id=rid,
                                    text=text, message=message, link=link, created_at=now)
        written += 1
    return written


def unit_staff(unit_ids: Iterable[int], roles=None):
    """Active users of these units with one of `roles` (default: officers and heads): the
    people to tell when something arrives for a unit and nobody is assigned yet."""
    roles = roles or (Role.OFFICER, Role.HEAD)
    return list(User.objects.filter(unit_id__in=list(unit_ids), is_active=True,
                                    groups__name__in=[str(r) for r in roles]).distinct())

