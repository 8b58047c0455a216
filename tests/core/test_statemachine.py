"""The one state-machine helper (core/statemachine.py) on a small flow of its own, and the two
flows that use it (matters' stages, petitions' statuses) reading it.

Each test names what breaks it: a move checked against the wrong row (or `check` reduced to
`pass`), guards not run by `refusal`/`offer`, the table check in `__post_init__` removed, or
an app keeping its own copy of the table instead of the machine's.
"""

import pytest
from django.db import models

from oversight.core.errors import RuleError
from oversight.core.statemachine import Refusals, StateMachine
from oversight.matters import stages as matter_stages
from oversight.petitions import stages as petition_stages


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"


def _needs_power(target, *, power, **_facts):
    return None if power else RuleError(f"{target} needs power", field="colour")


MOVES = {Light.RED: frozenset({Light.GREEN}), Light.GREEN: frozenset({Light.AMBER}),
         Light.AMBER: frozenset({Light.RED})}
WORDS = Refusals(unknown="No colour %(colour)s.", already="Already so.",
                 not_allowed="Not %(current)s → %(target)s; only %(allowed)s.", separator="/")
LIGHT = StateMachine(states=Light, moves=MOVES, field="colour", refusals=WORDS,
                     guards={Light.GREEN: (_needs_power,)}, event_kind="changed")


def test_the_table_decides_and_each_refusal_names_the_field():
    """Breaks if `check` reads another row than the current state's, or lets a move pass."""
    LIGHT.check("red", "green")
    assert LIGHT.allowed("green") == ["amber"]
    for current, target, words in [("red", "amber", "Not Red → Amber; only Green."),
                                   ("red", "red", "Already so."),
                                   ("red", "blue", "No colour blue.")]:
        with pytest.raises(RuleError) as refused:
            LIGHT.check(current, target)
        assert (refused.value.field, str(refused.value.message)) == ("colour", words)


def test_guards_refuse_an_allowed_move_and_the_offer_says_why():
    """Breaks if `refusal` or `offer` skip the target's guards: the page would offer what the
    action refuses."""
    assert LIGHT.refusal("red", "green", power=True) is None
    assert str(LIGHT.refusal("red", "green", power=False).message) == "green needs power"
    assert str(LIGHT.refusal("red", "amber", power=True).message).startswith("Not Red")
    assert LIGHT.offer("red", power=False) == [("green", "green needs power")]
    assert LIGHT.event("red", "green") == {"kind": "changed", "from_colour": "red",
                                           "to_colour": "green"}


def test_a_table_with_a_state_missing_or_unknown_is_refused_when_declared():
    """Breaks if `__post_init__` no longer checks the table against the choices."""
    with pytest.raises(ValueError, match="missing"):
        StateMachine(states=Light, moves={Light.RED: frozenset()}, field="colour",
                     refusals=WORDS)
    with pytest.raises(ValueError, match="unknown"):
        StateMachine(states=Light, moves={**MOVES, Light.RED: frozenset({"blue"})},
                     field="colour", refusals=WORDS)


def test_both_flows_are_the_machine_s_table():
    """Breaks if an app checks its moves with a copy of its own: the module's functions and
    the machine must give the same answers (the pages and the actions read one table)."""
    for module, machine in ((matter_stages, matter_stages.MACHINE),
                            (petition_stages, petition_stages.MACHINE)):
        assert machine.moves is module.ALLOWED_MOVES
        for state in machine.order:
            assert module.allowed_moves(state) == machine.allowed(state)
    assert matter_stages.MACHINE.field == "stage"
    assert petition_stages.MACHINE.field == "status"
