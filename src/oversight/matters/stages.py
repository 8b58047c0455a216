"""The stages a matter goes through and the moves allowed between them — the one place that says.

The table is data for the one state-machine helper (`core.statemachine`): the allowed moves,
what a stage requires before a matter may enter it (its guards), and the timeline event a move
writes. The web views, the API and imports all call `check_move` / `MACHINE`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.core.errors import RuleError
from oversight.core.statemachine import Refusals, StateMachine
from oversight.matters.choices import EventKind, Stage

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Stage.VERIFICATION: frozenset({Stage.INSPECTION, Stage.INVESTIGATION, Stage.CLOSED}),
    Stage.INSPECTION: frozenset({Stage.INVESTIGATION, Stage.CLOSED}),
    # closed from investigation: the case was dropped or suspended
    Stage.INVESTIGATION: frozenset({Stage.PROSECUTION, Stage.CLOSED}),
    Stage.PROSECUTION: frozenset({Stage.FIRST_INSTANCE, Stage.CLOSED}),
    Stage.FIRST_INSTANCE: frozenset({Stage.APPEAL, Stage.ENFORCEMENT, Stage.CLOSED}),
    Stage.APPEAL: frozenset({Stage.ENFORCEMENT, Stage.CLOSED}),
    Stage.ENFORCEMENT: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# Stages that only a criminal case can be in: reaching them institutes proceedings.
CRIMINAL_STAGES = frozenset(
    {Stage.INVESTIGATION, Stage.PROSECUTION, Stage.FIRST_INSTANCE, Stage.APPEAL, Stage.ENFORCEMENT}
)


# What a matter must have before it may enter a stage, beyond the allowed move (issue 15).
# Criminal Procedure Code 2015 (recalled, not checked against the text): an indictment
# (truy tố) follows the institution of criminal proceedings (khởi tố, art. 153), whose date
# the matter records; a trial (xét xử) is of defendants (bị cáo) — a matter with none cannot
# be at trial. Judgment enforcement follows a trial, so its defendants are already there.


def needs_proceedings(target: str, *, prosecuted_on, **_facts) -> RuleError | None:
    if prosecuted_on is None:
        return RuleError(
            _("%(stage)s needs the date criminal proceedings were instituted: record it "
              "(Edit → “criminal proceedings instituted on”) first.")
            % {"stage": Stage(target).label}, field="stage")
    return None


def needs_defendant(target: str, *, defendants: int, **_facts) -> RuleError | None:
    if defendants < 1:
        return RuleError(
            _("%(stage)s needs at least one defendant: add the defendants first.")
            % {"stage": Stage(target).label}, field="stage")
    return None


REQUIRES = {
    Stage.PROSECUTION: (needs_proceedings,),
    Stage.FIRST_INSTANCE: (needs_defendant,),
    Stage.APPEAL: (needs_defendant,),
}

MACHINE = StateMachine(
    states=Stage, moves=ALLOWED_MOVES, field="stage", guards=REQUIRES,
    event_kind=EventKind.STAGE_CHANGED,
    refusals=Refusals(
        unknown=gettext_lazy("Unknown stage “%(stage)s”."),
        already=gettext_lazy("The matter is already at this stage."),
        not_allowed=gettext_lazy("A matter cannot move from %(current)s to %(target)s. "
                                 "Allowed next stages: %(allowed)s."),
        separator="; "),
)
ORDER: list[str] = MACHINE.order


def allowed_moves(current: str) -> list[str]:
    """The stages reachable from `current`, in the order of the process."""
    return MACHINE.allowed(current)


def check_move(current: str, target: str) -> None:
    """Raise RuleError (field `stage`) unless `current` → `target` is an allowed move."""
    MACHINE.check(current, target)


def entry_refusal(target: str, *, prosecuted_on, defendants: int) -> RuleError | None:
    """Why a matter may not enter `target` although the move is allowed, or None."""
    return MACHINE.entry_refusal(target, prosecuted_on=prosecuted_on, defendants=defendants)


def move_refusal(current: str, target: str, *, prosecuted_on,
                 defendants: int) -> RuleError | None:
    """Why `current` → `target` is refused for this matter, or None: the allowed moves, then
    what the target stage requires. The action raises it; the pages offer only the stages
    for which it is None and show the others disabled with it."""
    return MACHINE.refusal(current, target, prosecuted_on=prosecuted_on, defendants=defendants)


def next_stages(matter) -> list[tuple[str, str | None]]:
    """(stage, why it is refused or None) for each stage the process allows next."""
    defendants = matter.defendants.count() if matter.pk else 0
    return MACHINE.offer(matter.stage, prosecuted_on=matter.prosecuted_on,
                         defendants=defendants)
