"""The statuses a petition goes through and the moves allowed between them — the one place.

Plain Python with no web imports: every action in `petitions.actions` calls `check_move`.
"""

from django.utils.translation import gettext as _

from oversight.core.errors import RuleError
from oversight.petitions.choices import Status

ORDER: list[str] = [s.value for s in Status]

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


def allowed_moves(current: str) -> list[str]:
    allowed = ALLOWED_MOVES[current]
    return [s for s in ORDER if s in allowed]


def check_move(current: str, target: str) -> None:
    """Raise RuleError (field `status`) unless `current` → `target` is an allowed move."""
    if target not in ALLOWED_MOVES:
        raise RuleError(_("Unknown status “%(status)s”.") % {"status": target}, field="status")
    if target == current:
        raise RuleError(_("The petition already has this status."), field="status")
    if target not in ALLOWED_MOVES[current]:
        names = ", ".join(str(Status(s).label) for s in allowed_moves(current)) or _("none")
        raise RuleError(
            _("A petition cannot move from %(current)s to %(target)s. Allowed: %(allowed)s.")
            % {"current": Status(current).label, "target": Status(target).label,
               "allowed": names},
            field="status",
        )


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
