"""The stages a matter goes through and the moves allowed between them — the one place that says.

Plain Python with no web imports: the web views, the API and imports all call `check_move`.
"""

from django.utils.translation import gettext as _

from oversight.core.errors import RuleError
from oversight.matters.choices import Stage

ORDER: list[str] = [s.value for s in Stage]

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


def allowed_moves(current: str) -> list[str]:
    """The stages reachable from `current`, in the order of the process."""
    allowed = ALLOWED_MOVES[current]
    return [s for s in ORDER if s in allowed]


def check_move(current: str, target: str) -> None:
    """Raise RuleError (field `stage`) unless `current` → `target` is an allowed move."""
    if target not in ALLOWED_MOVES:
        raise RuleError(_("Unknown stage “%(stage)s”.") % {"stage": target}, field="stage")
    if target == current:
        raise RuleError(_("The matter is already at this stage."), field="stage")
    if target not in ALLOWED_MOVES[current]:
        names = "; ".join(str(Stage(s).label) for s in allowed_moves(current)) or _("none")
        raise RuleError(
            _("A matter cannot move from %(current)s to %(target)s. "
              "Allowed next stages: %(allowed)s.")
            % {"current": Stage(current).label, "target": Stage(target).label, "allowed": names},
            field="stage",
        )
