"""What each action on a petition requires of the petition now — the one place that says.

The actions (`petitions.actions`) raise the refusal these functions give, and the petition's
page and API offer an action only when there is none: a page never offers what the rules
would refuse, and when it shows an action it cannot take it gives the same reason the action
would. Requirements on the user's input (a date, a reason, a number of days) stay with the
actions; these are about the petition's state alone.

A refusal is `off_stage` when the action does not belong to the petition's status at all
(settling a petition not yet classified): the page leaves such actions out instead of showing
them disabled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.core.errors import RuleError
from oversight.petitions import deadlines, stages
from oversight.petitions.choices import Classification, PetitionKind, Status
from oversight.petitions.models import DeadlineRule

# The actions of a petition's page, in the order the page shows them.
NAMES = ("classify", "accept", "not-accept", "transfer", "guide", "file", "begin-settlement",
         "settle", "extend", "suspend", "resume", "terminate", "urge", "correct",
         "link-duplicate", "assign", "hotspot")

# The facts an officer may correct after intake (they select the time-limit rules).
CORRECTABLE = ("complexity", "remote_area", "multi_location", "complaint_round")


@dataclass(frozen=True)
class Refusal:
    message: str
    field: str = "status"
    off_stage: bool = False
    code: str = ""  # for extensions: deadlines.NO_RULE, COUNT, AFTER_DEADLINE…

    def error(self) -> RuleError:
        return RuleError(self.message, field=self.field)


def _move(petition, target: str) -> Refusal | None:
    try:
        stages.check_move(petition.status, target)
    except RuleError as error:
        return Refusal(str(error.message), "status", off_stage=True)
    return None


def _specs(specs):
    if specs is not None:
        return specs

    return DeadlineRule.specs()


def accept_refusal(petition, specs=None) -> Refusal | None:
    found = _move(petition, Status.ACCEPTED)
    if found:
        return found
    if petition.classification == Classification.VERIFY_AS_INFORMATION:
        return Refusal(_("An anonymous denunciation is verified as information, not accepted "
                         "as a denunciation; file it for verification."), "classification")
    if petition.classification != Classification.ELIGIBLE:
        return Refusal(_("Only a petition that meets the conditions can be accepted."),
                       "classification")
    return None


def _suspended(petition) -> Refusal | None:
    if petition.suspended_since is not None:
        return Refusal(_("The settlement is suspended since %(date)s; resume it first.")
                       % {"date": petition.suspended_since.strftime("%d/%m/%Y")})
    return None


def begin_settlement_refusal(petition, specs=None) -> Refusal | None:
    return _move(petition, Status.SETTLING) or _suspended(petition)


def settle_refusal(petition, specs=None) -> Refusal | None:
    current = Status.SETTLING if petition.status == Status.ACCEPTED else petition.status
    return _move(petition, Status.SETTLED) if current != Status.SETTLING else (
        _suspended(petition))


def extension_message(code: str, rule, due: dt.date | None) -> str:
    if code in (deadlines.NO_RULE, deadlines.COUNT):
        allowed = rule.extensions_allowed if rule else 0
        if not allowed:
            return _("The law allows no extension of this time limit (%(rule)s).") % {
                "rule": rule.label if rule else "—"}
        return _("The time limit may be extended %(n)s time(s) for this petition; no "
                 "extension is left.") % {"n": allowed}
    if code == deadlines.SUSPENDED:
        return _("The settlement is suspended; resume it first.")
    if code == deadlines.AFTER_DEADLINE:
        return _("An extension is decided before the time limit passes; it passed on "
                 "%(date)s.") % {"date": due.strftime("%d/%m/%Y")}
    if code == deadlines.DAYS:
        return _("Give a positive number of days.")
    if code == deadlines.MAX_DAYS:
        return _("An extension may not exceed %(n)s days.") % {"n": rule.extension_max_days}
    return _("Only a petition being settled can have its time limit extended.")


EXTENSION_FIELDS = {deadlines.AFTER_DEADLINE: "on", deadlines.NOT_RUNNING: "status",
                    deadlines.SUSPENDED: "status"}


def extension_refusal(petition, specs=None, *, on: dt.date | None = None,
                      days: int | None = None) -> Refusal | None:
    """Why an extension is refused now (or on `on`, for `days`), or None if the rule allows
    one."""
    on = on or timezone.localdate()
    if petition.status not in (Status.ACCEPTED, Status.SETTLING):
        return Refusal(extension_message(deadlines.NOT_RUNNING, None, None), off_stage=True,
                       code=deadlines.NOT_RUNNING)
    rule = deadlines.pick_rule(_specs(specs), "settlement_due", petition.facts())
    due = petition.settlement_due
    code = deadlines.check_extension(rule, petition.extensions or [], days, on=on,
                                     current_due=due,
                                     suspended=petition.suspended_since is not None)
    if code is None:
        return None
    return Refusal(extension_message(code, rule, due), EXTENSION_FIELDS.get(code, "days"),
                   code=code)


def suspension_refusal(petition, specs=None, *, on: dt.date | None = None) -> Refusal | None:
    """Why the settlement cannot be suspended now (or on `on`): it is not being settled, is
    suspended already, the rule provides no suspension, or its time limit has passed."""
    if petition.status not in (Status.ACCEPTED, Status.SETTLING):
        return Refusal(_("Only a petition being settled can be suspended."), off_stage=True)
    if petition.suspended_since is not None:  # "resume" is offered instead
        return Refusal(_("The settlement is already suspended since %(date)s.") % {
            "date": petition.suspended_since.strftime("%d/%m/%Y")}, off_stage=True)
    rule = deadlines.pick_rule(_specs(specs), "settlement_due", petition.facts())
    if rule is None or not rule.suspension_allowed:
        return Refusal(_("The law provides no suspension for this petition's settlement."))
    on = on or timezone.localdate()
    if petition.settlement_due and on > petition.settlement_due:
        return Refusal(_("The time limit had already passed on that date (%(date)s).")
                       % {"date": petition.settlement_due.strftime("%d/%m/%Y")}, "on")
    return None


def resume_refusal(petition, specs=None) -> Refusal | None:
    if petition.suspended_since is None:
        return Refusal(_("The settlement is not suspended."), off_stage=True)
    return None


def terminate_refusal(petition, specs=None) -> Refusal | None:
    if petition.status not in (Status.ACCEPTED, Status.SETTLING):
        return Refusal(_("Only a petition being settled can be terminated."), off_stage=True)
    return None


def urge_refusal(petition, specs=None) -> Refusal | None:
    if petition.status != Status.TRANSFERRED:
        return Refusal(_("Only a transferred petition can be urged."), off_stage=True)
    return None


def correct_refusal(petition, specs=None) -> Refusal | None:
    if petition.status not in stages.RUNNING:
        return Refusal(_("The petition is closed: its facts no longer set a time limit."),
                       off_stage=True)
    return None


def correction_refusal(petition, changes: dict, specs=None) -> Refusal | None:
    """Why these corrected facts (`CORRECTABLE` names → values) cannot be recorded: none
    changes, a complaint round on a petition that is not a complaint, or extensions already
    granted beyond what the rule for the corrected facts allows."""
    found = correct_refusal(petition, specs)
    if found:
        return found
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        return Refusal(_("This field cannot be corrected here."), unknown[0])
    changed = {k: v for k, v in changes.items() if getattr(petition, k) != v}
    if not changed:
        return Refusal(_("Nothing to correct: change at least one of the facts."),
                       "complexity")
    if "complaint_round" in changed and petition.kind != PetitionKind.COMPLAINT:
        return Refusal(_("Only a complaint has a round."), "complaint_round")
    if changed.get("complaint_round", 1) not in (1, 2):
        return Refusal(_("A complaint is settled in a first or a second round."),
                       "complaint_round")
    import dataclasses

    facts = dataclasses.replace(petition.facts(), **changed)
    used = len(petition.extensions or ())
    if used:
        rule = deadlines.pick_rule(_specs(specs), "settlement_due", facts)
        allowed = rule.extensions_allowed if rule else 0
        if used > allowed:
            return Refusal(_("The time limit was already extended %(used)s time(s); the rule "
                             "for the corrected facts allows %(allowed)s.")
                           % {"used": used, "allowed": allowed}, "complexity")
    return None


def _always(petition, specs=None) -> Refusal | None:
    return None


REFUSALS = {
    "classify": lambda p, specs=None: _move(p, Status.CLASSIFIED),
    "accept": accept_refusal,
    "not-accept": lambda p, specs=None: _move(p, Status.NOT_ACCEPTED),
    "transfer": lambda p, specs=None: _move(p, Status.TRANSFERRED),
    "guide": lambda p, specs=None: _move(p, Status.GUIDED),
    "file": lambda p, specs=None: _move(p, Status.FILED),
    "begin-settlement": begin_settlement_refusal,
    "settle": settle_refusal,
    "extend": extension_refusal,
    "suspend": suspension_refusal,
    "resume": resume_refusal,
    "terminate": terminate_refusal,
    "urge": urge_refusal,
    "correct": correct_refusal,
    "link-duplicate": _always,
    "assign": _always,
    "hotspot": _always,
}


def refusal(petition, name: str, specs=None) -> Refusal | None:
    """Why action `name` would be refused on this petition now, or None."""
    return REFUSALS[name](petition, specs)


def require(petition, name: str, specs=None) -> None:
    """Raise the refusal of action `name` (RuleError naming the field), if any."""
    found = refusal(petition, name, specs)
    if found is not None:
        raise found.error()


def offers(petition, specs=None) -> tuple[list[str], list[tuple[str, str]]]:
    """(the actions allowed now, [(action, why not)] for those of this status refused now)."""
    specs = _specs(specs)
    allowed, refused = [], []
    for name in NAMES:
        found = refusal(petition, name, specs)
        if found is None:
            allowed.append(name)
        elif not found.off_stage:
            refused.append((name, found.message))
    return allowed, refused
