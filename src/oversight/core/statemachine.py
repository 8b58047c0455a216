"""The one state-machine helper: a record's states and the moves between them as data, checked
the same way for every app that has a flow (a matter's stages, a petition's statuses).

An app declares a `StateMachine` in its `stages.py`: the states (its choices, in the order of
the process), the allowed moves (`{state: frozenset of next states}`), the field the state
lives in (the field a refusal names), the words of its refusals, the guards a target state
puts on entering it (what the record must have, beyond the allowed move), and the kind of the
timeline event a move writes. The actions call `check` (or `refusal`) before they move and
write `event(previous, target)`; the pages offer what `offer` says, so a page and an action
read the same table and give the same reason.

Why here and not in each app: the two flows had the same code written twice (order, allowed
moves, the three refusals), drifting apart in small ways; the words stay the apps' own (their
translations), the mechanism is one. Plain Python over the apps' data: nothing above `core`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oversight.core.errors import RuleError

# A guard: why `target` may not be entered given the record's facts, or None.
Guard = Callable[..., RuleError | None]


@dataclass(frozen=True)
class Refusals:
    """The words of a flow's refusals (lazy translations, formatted when raised).

    `unknown` is formatted with the field's name as its key ("%(stage)s"), `not_allowed` with
    `current`, `target` and `allowed` (the allowed next states' labels joined by `separator`).
    """

    unknown: str
    already: str
    not_allowed: str
    separator: str = ", "


@dataclass(frozen=True)
class StateMachine:
    states: type  # a TextChoices: the states in the order of the process, with their labels
    moves: Mapping[str, frozenset[str]]
    field: str
    refusals: Refusals
    guards: Mapping[str, tuple[Guard, ...]] = field(default_factory=dict)
    event_kind: str = ""

    def __post_init__(self):
        """A table that names a state the choices do not have, or leaves one out, is a
        mistake in the data: refused when the app is imported, not at the first move."""
        states = set(self.states.values)
        named = set(self.moves) | {t for targets in self.moves.values() for t in targets}
        if set(self.moves) != states or not named <= states:
            raise ValueError(f"{self.states.__name__}: the moves must list every state once "
                             f"and only states (missing {sorted(states - set(self.moves))}, "
                             f"unknown {sorted(named - states)})")
        if not set(self.guards) <= states:
            raise ValueError(f"{self.states.__name__}: guards on unknown states "
                             f"{sorted(set(self.guards) - states)}")

    @property
    def order(self) -> list[str]:
        return [s.value for s in self.states]

    def label(self, state: str) -> str:
        return self.states(state).label

    def allowed(self, current: str) -> list[str]:
        """The states reachable from `current`, in the order of the process."""
        allowed = self.moves[current]
        return [s for s in self.order if s in allowed]

    def check(self, current: str, target: str) -> None:
        """Raise RuleError (on the machine's field) unless `current` → `target` is allowed."""
        words = self.refusals
        if target not in self.moves:
            raise RuleError(str(words.unknown) % {self.field: target}, field=self.field)
        if target == current:
            raise RuleError(str(words.already), field=self.field)
        if target not in self.moves[current]:
            names = words.separator.join(str(self.label(s)) for s in self.allowed(current))
            raise RuleError(str(words.not_allowed) % {
                "current": self.label(current), "target": self.label(target),
                "allowed": names or _("none")}, field=self.field)

    def entry_refusal(self, target: str, **facts) -> RuleError | None:
        """Why `target` may not be entered given the record's `facts` (its guards, in order),
        although the move itself is allowed; or None."""
        for guard in self.guards.get(target, ()):
            refused = guard(target, **facts)
            if refused is not None:
                return refused
        return None

    def refusal(self, current: str, target: str, **facts) -> RuleError | None:
        """Why `current` → `target` is refused: the allowed moves, then the target's guards;
        None when the move may be made. The action raises it, the page shows it."""
        try:
            self.check(current, target)
        except RuleError as error:
            return error
        return self.entry_refusal(target, **facts)

    def offer(self, current: str, **facts) -> list[tuple[str, str | None]]:
        """(state, why it is refused or None) for each state the flow allows next."""
        out = []
        for state in self.allowed(current):
            refused = self.entry_refusal(state, **facts)
            out.append((state, str(refused.message) if refused else None))
        return out

    def event(self, previous: str, target: str) -> dict:
        """The timeline event's fields for a move: its kind and `from_<field>`/`to_<field>`."""
        return {"kind": self.event_kind, f"from_{self.field}": previous,
                f"to_{self.field}": target}
