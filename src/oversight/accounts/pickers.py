"""People pickers: officers by full name (never by username alone), in Vietnamese alphabetical
order, limited to the units the user sees."""

from __future__ import annotations

from django.utils.translation import gettext as _

ME = "me"
NOBODY = "none"


def officers_in_scope(user) -> list[tuple[str, str]]:
    """(username, full name) of the active users of the units `user` sees."""
    from oversight.accounts.models import User
    from oversight.core.scoping import VIEW, unit_ids_in_scope
    from oversight.core.vietnamese import sort_key

    ids = unit_ids_in_scope(user, VIEW)
    people = User.objects.filter(is_active=True, unit__isnull=False)
    if ids is not None:
        people = people.filter(unit_id__in=ids)
    named = [(u.username, str(u)) for u in people.only(
        "username", "first_name", "last_name", "display_name")]
    return sorted(named, key=lambda pair: sort_key(pair[1]))


def assignee_options(user, *, nobody: bool = True) -> list[tuple[str, str]]:
    """Me, (nobody,) then the officers in scope: the options of an assignee filter."""
    head = [(ME, _("Me"))] + ([(NOBODY, _("Not assigned"))] if nobody else [])
    return head + officers_in_scope(user)
