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


# What a matter must have before it may enter a stage, beyond the allowed move (issue 15).
# Criminal Procedure Code 2015 (recalled, not checked against the text): an indictment
# (truy tố) follows the institution of criminal proceedings (khởi tố, art. 153), whose date
# the matter records; a trial (xét xử) is of defendants (bị cáo) — a matter with none cannot
# be at trial. Judgment enforcement follows a trial, so its defendants are already there.
PROCEEDINGS = "proceedings"
DEFENDANT = "defendant"
REQUIRES: dict[str, tuple[str, ...]] = {
    Stage.PROSECUTION: (PROCEEDINGS,),
    Stage.FIRST_INSTANCE: (DEFENDANT,),
    Stage.APPEAL: (DEFENDANT,),
}


def entry_refusal(target: str, *, prosecuted_on, defendants: int) -> RuleError | None:
    """Why a matter may not enter `target` although the move is allowed, or None."""
    needs = REQUIRES.get(target, ())
    if PROCEEDINGS in needs and prosecuted_on is None:
        return RuleError(
            _("%(stage)s needs the date criminal proceedings were instituted: record it "
              "(Edit → “criminal proceedings instituted on”) first.")
            % {"stage": Stage(target).label}, field="stage")
    if DEFENDANT in needs and defendants < 1:
        return RuleError(
            _("%(stage)s needs at least one defendant: add the defendants first.")
            % {"stage": Stage(target).label}, field="stage")
    return None


def move_refusal(current: str, target: str, *, prosecuted_on,
                 defendants: int) -> RuleError | None:
    """Why `current` → `target` is refused for this matter, or None: the allowed moves, then
    what the target stage requires. The action raises it; the pages offer only the stages
    for which it is None and show the others disabled with it."""
    try:
        check_move(current, target)
    except RuleError as error:
        return error
    return entry_refusal(target, prosecuted_on=prosecuted_on, defendants=defendants)


def next_stages(matter) -> list[tuple[str, str | None]]:
    """(stage, why it is refused or None) for each stage the process allows next."""
    defendants = matter.defendants.count() if matter.pk else 0
    out = []
    for stage in allowed_moves(matter.stage):
        refused = entry_refusal(stage, prosecuted_on=matter.prosecuted_on,
                                defendants=defendants)
        out.append((stage, str(refused.message) if refused else None))
    return out
