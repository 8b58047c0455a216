"""The matters and directions actions called directly (matters/actions.py, replies.py); a
direction's deadline changes through `replies.edit` whether the issuer edits it in code or
through the API (issue 18: `DirectionSerializer.update` once moved it by a bare save(), with no
event and no lock)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from oversight.core.errors import RuleError
from oversight.matters import actions, replies
from oversight.matters.api.serializers import DirectionSerializer
from oversight.matters.choices import DirectionEventKind, EventKind, Stage
from oversight.matters.models import Direction, MatterEvent

D = dt.date


def _edits(direction) -> list[dict]:
    return [e.changes for e in direction.events.filter(kind=DirectionEventKind.EDITED)
            .order_by("id")]


def test_a_matter_moves_only_along_its_stages(make_matter, nghean):
    matter = make_matter(kind="case", stage=Stage.VERIFICATION)
    with pytest.raises(RuleError) as refused:
        actions.move_stage(matter, Stage.FIRST_INSTANCE, by=nghean, on=D(2024, 4, 1))
    assert refused.value.field == "stage"
    matter = actions.move_stage(matter, Stage.INVESTIGATION, by=nghean, on=D(2024, 4, 1))
    assert matter.stage == Stage.INVESTIGATION
    moved = MatterEvent.objects.filter(matter=matter, kind=EventKind.STAGE_CHANGED).get()
    assert moved.by == nghean


def test_edit_moves_the_deadline_with_an_event(make_direction, nghean):
    direction = make_direction(issued_on=D(2024, 4, 1), due_on=D(2024, 6, 30))
    direction = replies.edit(direction, by=nghean, due_on=D(2024, 7, 31))
    assert Direction.objects.get(pk=direction.pk).due_on == D(2024, 7, 31)
    assert _edits(direction) == [{"due_on": ["2024-06-30", "2024-07-31"]}]
    with pytest.raises(RuleError) as refused:  # before the date of issue
        replies.edit(direction, by=nghean, due_on=D(2024, 3, 1))
    assert refused.value.field == "due_on"
    assert Direction.objects.get(pk=direction.pk).due_on == D(2024, 7, 31)


def test_only_the_issuer_edits(make_direction, hanoi):
    direction = make_direction()
    with pytest.raises(PermissionDenied):  # the other side's action: 403
        replies.edit(direction, by=hanoi, due_on=D(2024, 7, 31))
    assert _edits(direction) == []


def _by_api_and_by_action(make_direction, nghean, api) -> tuple[list, list]:
    """(the history a PATCH of the deadline writes, the history replies.edit writes)."""
    by_api = make_direction(issued_on=D(2024, 4, 1), due_on=D(2024, 6, 30))
    answer = api(nghean).patch(f"/api/directions/{by_api.pk}/", {"due_on": "2024-07-31"},
                               format="json")
    assert answer.status_code == 200 and answer.json()["due_on"] == "2024-07-31"
    by_action = make_direction(issued_on=D(2024, 4, 1), due_on=D(2024, 6, 30))
    replies.edit(by_action, by=nghean, due_on=D(2024, 7, 31))
    return _edits(by_api), _edits(by_action)


def test_the_api_moves_a_deadline_through_the_action(make_direction, nghean, api):
    by_api, by_action = _by_api_and_by_action(make_direction, nghean, api)
    assert by_api == by_action == [{"due_on": ["2024-06-30", "2024-07-31"]}]


def test_control_a_bare_save_leaves_no_history(make_direction, nghean, api, monkeypatch):
    """The control: the serializer's own update (a bare save, the old way) moves the deadline
    but writes no event, and the comparison above sees it."""
    from rest_framework import serializers

    monkeypatch.setattr(DirectionSerializer, "update", serializers.ModelSerializer.update)
    by_api, by_action = _by_api_and_by_action(make_direction, nghean, api)
    assert by_api == [] and by_action != by_api
