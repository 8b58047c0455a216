import pytest

from oversight.core.errors import RuleError
from oversight.petitions import stages
from oversight.petitions.choices import Status


@pytest.mark.parametrize("current,target", [
    ("received", "classified"), ("classified", "accepted"), ("classified", "not_accepted"),
    ("classified", "transferred"), ("classified", "guided"), ("classified", "filed"),
    ("accepted", "settling"), ("settling", "settled"),
])
def test_allowed(current, target):
    stages.check_move(current, target)


@pytest.mark.parametrize("current,target", [
    ("received", "accepted"), ("received", "settled"), ("classified", "settled"),
    ("accepted", "filed"), ("settled", "settling"), ("filed", "accepted"),
    ("transferred", "accepted"), ("received", "received"), ("received", "bogus"),
])
def test_refused_names_the_status_field(current, target):
    with pytest.raises(RuleError) as e:
        stages.check_move(current, target)
    assert e.value.field == "status"


def test_closed_statuses_are_final():
    for status in stages.CLOSED:
        assert stages.allowed_moves(status) == []
    assert set(stages.ALLOWED_MOVES) == set(Status.values)


def test_schema_builds(api, nghean):
    r = api(nghean).get("/api/schema/")
    assert r.status_code == 200 and b"/api/petitions/{id}/extend/" in r.content
