"""People pickers: officers by full name (never by username alone), in Vietnamese alphabetical
order, limited to the units the user sees."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from oversight.accounts.models import User
from oversight.base.timed import Timed
from oversight.base.vietnamese import sort_key
from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.units.models import Unit

ME = "me"
NOBODY = "none"


# The officers of a scope, by the scope's unit ids, for a minute: every list page's assignee
# filter (and the petitions' bulk bar) read and sorted them again (issue 17). A user added,
# renamed or deactivated shows in other processes' pickers within the minute; this process
# forgets at once (`forget_officers`). Who may be assigned is checked against the database
# when a record is assigned (`may_take`), never against this.
OFFICERS_SECONDS = 60
_officers = Timed(OFFICERS_SECONDS)  # one entry per scope
kept = _officers  # for what is written from these (the filter bar follows it)


def officers_in_scope(user) -> list[tuple[str, str]]:
    """(username, full name) of the active users of the units `user` sees."""
    ids = unit_ids_in_scope(user, VIEW)

    def make():
        people = User.objects.filter(is_active=True, unit__isnull=False)
        if ids is not None:
            people = people.filter(unit_id__in=ids)
        named = [(u.username, str(u)) for u in people.only(
            "username", "first_name", "last_name", "display_name")]
        return sorted(named, key=lambda pair: sort_key(pair[1]))

    return list(_officers.get(ids, make))


def forget_officers(**kwargs) -> None:
    """Receiver of a user's changes: this process's officer pickers are read again."""
    _officers.clear()


for _signal in (post_save, post_delete):
    _signal.connect(forget_officers, sender=User, dispatch_uid=f"officer-options-{_signal}")


def assignee_options(user, *, nobody: bool = True) -> list[tuple[str, str]]:
    """Me, (nobody,) then the officers in scope: the options of an assignee filter."""
    head = [(ME, _("Me"))] + ([(NOBODY, _("Not assigned"))] if nobody else [])
    return head + officers_in_scope(user)


def units_taking(unit_id: int) -> set[int]:
    """The units whose officers may work on a record of `unit_id`: the unit itself and the
    units that succeeded it (transitively), i.e. those whose need-to-know scope includes it."""
    successors: dict[int, list[int]] = {}
    for after, before in Unit.objects.predecessor_map().items():
        for pk in before:
            successors.setdefault(pk, []).append(after)
    seen, stack = {unit_id}, [unit_id]
    while stack:
        for after in successors.get(stack.pop(), ()):
            if after not in seen:
                seen.add(after)
                stack.append(after)
    return seen


def may_take(user, unit_id: int) -> bool:
    """Whether `user` may be assigned a record of `unit_id` (active, in a unit taking it)."""
    return bool(user is not None and user.is_active and user.unit_id is not None
                and user.unit_id in units_taking(unit_id))


def assignees_for(unit_id: int):
    """The users a record of `unit_id` may be assigned to, by full name in Vietnamese order."""
    people = User.objects.filter(is_active=True, unit_id__in=units_taking(unit_id))
    return sorted(people, key=lambda u: sort_key(str(u)))


def find_assignee(value, caller):
    """The user named by `value` ("me" or a username); None for an empty value. Raises
    RuleError naming `assignee` for a name nobody active has."""
    value = (value or "").strip() if isinstance(value, str) else value
    if value in ("", None):
        return None
    if not isinstance(value, str):
        raise RuleError(_("Give the assignee's user name."), field="assignee")
    if value == ME:
        return caller
    found = User.objects.filter(username=value, is_active=True).first()
    if found is None:
        raise RuleError(_("No active user is called “%(name)s”.") % {"name": value[:150]},
                        field="assignee")
    return found


def check_assignee(assignee, unit) -> None:
    """An assignee must be an active officer of the record's unit (or of a unit that
    succeeded it): anyone else is refused with a RuleError naming the field `assignee`.
    The one rule for petitions, matters and directions, from the web and the API."""
    if assignee is not None and not may_take(assignee, unit.pk):
        raise RuleError(_("%(name)s is not an officer of %(unit)s.")
                        % {"name": assignee, "unit": unit.name}, field="assignee")
