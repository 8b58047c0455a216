import itertools

import pytest

from oversight.core.errors import RuleError
from oversight.matters.choices import Stage
from oversight.matters.stages import ALLOWED_MOVES, check_move

ALLOWED = {
    ("verification", "inspection"), ("verification", "investigation"),
    ("verification", "closed"), ("inspection", "investigation"), ("inspection", "closed"),
    ("investigation", "prosecution"), ("investigation", "closed"),
    ("prosecution", "first_instance"), ("prosecution", "closed"),
    ("first_instance", "appeal"), ("first_instance", "enforcement"),
    ("first_instance", "closed"), ("appeal", "enforcement"), ("appeal", "closed"),
    ("enforcement", "closed"),
}


@pytest.mark.parametrize("current,target", list(itertools.product(Stage.values, repeat=2)))
def test_every_pair_of_stages(current, target):
    if (current, target) in ALLOWED:
        check_move(current, target)
    else:
        with pytest.raises(RuleError) as err:
            check_move(current, target)
        assert err.value.field == "stage"


def test_table_matches_the_issue():
    table = {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets}
    assert table == ALLOWED
