"""The statuses a petition goes through and the moves allowed between them — the one place.

The table is data for the one state-machine helper (`core.statemachine`). Every action in
`petitions.actions` calls `check_move`, and `petitions.rules` gives its refusal to the pages;
what an action requires beyond the move (a classification, no suspension…) is in `rules`.
"""

from django.utils.translation import gettext_lazy

from oversight.core.statemachine import Refusals, StateMachine
from oversight.petitions.choices import EventKind, Status

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.CLASSIFIED}),
    Status.CLASSIFIED: frozenset({
        Status.ACCEPTED, Status.NOT_ACCEPTED, Status.TRANSFERRED, Status.GUIDED, Status.FILED,
    }),
    Status.ACCEPTED: frozenset({Status.SETTLING}),
    Status.SETTLING: frozenset({Status.SETTLED}),
    Status.NOT_ACCEPTED: frozenset(),
    Status.TRANSFERRED: frozenset(),
    Status.GUIDED: frozenset(),
    Status.FILED: frozenset(),
    Status.SETTLED: frozenset(),
}

# Statuses in which the petition is finished with at this unit.
CLOSED = frozenset({Status.NOT_ACCEPTED, Status.TRANSFERRED, Status.GUIDED, Status.FILED,
                    Status.SETTLED})
# Kept one year, then listed for destruction (Circular 05/2021/TT-TTCP art. 28).
KEPT_ONE_YEAR = frozenset({Status.FILED, Status.NOT_ACCEPTED})
# Which deadlines are running in each status (the "next due" of a petition).
RUNNING: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: ("processing_due", "acceptance_due"),
    Status.CLASSIFIED: ("processing_due", "acceptance_due"),
    Status.ACCEPTED: ("settlement_due",),
    Status.SETTLING: ("settlement_due",),
}


MACHINE = StateMachine(
    states=Status, moves=ALLOWED_MOVES, field="status", event_kind=EventKind.STATUS_CHANGED,
    refusals=Refusals(
        unknown=gettext_lazy("Unknown status “%(status)s”."),
        already=gettext_lazy("The petition already has this status."),
        not_allowed=gettext_lazy("A petition cannot move from %(current)s to %(target)s. "
                                 "Allowed: %(allowed)s."),
        separator=", "),
)
ORDER: list[str] = MACHINE.order


def allowed_moves(current: str) -> list[str]:
    return MACHINE.allowed(current)


def check_move(current: str, target: str) -> None:
    """Raise RuleError (field `status`) unless `current` → `target` is an allowed move."""
    MACHINE.check(current, target)


def path_to(target: str) -> list[str]:
    """The statuses from `received` to `target` (for importing historical records)."""
    paths = {
        Status.RECEIVED: [],
        Status.CLASSIFIED: [Status.CLASSIFIED],
        Status.ACCEPTED: [Status.CLASSIFIED, Status.ACCEPTED],
        Status.SETTLING: [Status.CLASSIFIED, Status.ACCEPTED, Status.SETTLING],
        Status.SETTLED: [Status.CLASSIFIED, Status.ACCEPTED, Status.SETTLING, Status.SETTLED],
    }
    for closed in (Status.NOT_ACCEPTED, Status.TRANSFERRED, Status.GUIDED, Status.FILED):
        paths[closed] = [Status.CLASSIFIED, closed]
    return [str(s) for s in paths[target]]
