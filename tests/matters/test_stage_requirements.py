"""A matter cannot reach prosecution without the date proceedings were instituted, nor a trial
without a defendant; the stage picker offers exactly the stages the action accepts and shows
the others disabled with the action's reason (issue 15)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction

from oversight.core.errors import RuleError
from oversight.matters import actions, stages
from oversight.matters.choices import Stage
from oversight.matters.forms import StageMoveForm
from oversight.matters.models import Matter

D = dt.date


class _Undo(Exception):
    pass


def _offer_and_action_agree(matter) -> list[str]:
    """Try every next stage: offered ⟺ the action moves; refused ⟺ the same message."""
    found = []
    form = StageMoveForm(matter=matter)
    offered = {value for value, _label in form.fields["stage"].choices}
    refused = dict(form.refused)
    for stage in Stage.values:
        if stage == matter.stage:
            continue
        try:
            with transaction.atomic():
                actions.move_stage(matter, stage, by=None, on=D(2024, 9, 1))
                raise _Undo
        except _Undo:
            moved, message = True, None
        except RuleError as error:
            moved, message = False, str(error.message)
        label = str(Stage(stage).label)
        if moved != (stage in offered):
            found.append(f"{matter.stage}→{stage}: offered {stage in offered}, moved {moved}")
        if label in refused and refused[label] != message:
            found.append(f"{matter.stage}→{stage}: page {refused[label]!r}, action {message!r}")
    return found


def _matters(make_matter):
    out = []
    for stage, prosecuted, defendant in itertools.product(
            ["verification", "inspection", "investigation", "prosecution", "first_instance",
             "appeal", "enforcement"], [None, D(2024, 2, 1)], [False, True]):
        m = make_matter(stage=stage, kind="case", prosecuted_on=prosecuted,
                        monitored_from=D(2024, 3, 1), title=f"{stage} {prosecuted} {defendant}")
        if defendant:
            actions.add_defendant(m, by=None, full_name="Trần Văn B")
        out.append(Matter.objects.get(pk=m.pk))
    return out


def test_the_picker_offers_what_the_action_accepts(make_matter):
    problems = [p for m in _matters(make_matter) for p in _offer_and_action_agree(m)]
    assert problems == []


def test_control_an_offer_without_the_requirements_is_caught(make_matter, monkeypatch):
    """With the picker offering every allowed move (the old form), the check fails."""
    monkeypatch.setattr(stages, "next_stages", lambda matter: [
        (s, None) for s in stages.allowed_moves(matter.stage)])
    problems = [p for m in _matters(make_matter) for p in _offer_and_action_agree(m)]
    assert any("→prosecution: offered True, moved False" in p for p in problems)
    assert any("→first_instance: offered True, moved False" in p for p in problems)


def test_prosecution_needs_the_date_and_trial_a_defendant(make_matter):
    m = make_matter(stage="investigation", kind="case")
    with pytest.raises(RuleError) as refused:
        actions.move_stage(m, "prosecution", by=None, on=D(2024, 6, 1))
    assert refused.value.field == "stage"
    m = actions.update_matter(m, by=None, prosecuted_on=D(2024, 5, 1))
    m = actions.move_stage(m, "prosecution", by=None, on=D(2024, 6, 1))
    with pytest.raises(RuleError):
        actions.move_stage(m, "first_instance", by=None, on=D(2024, 9, 1))
    assert Matter.objects.get(pk=m.pk).stage == "prosecution"
    actions.add_defendant(m, by=None, full_name="Lê Văn C", prosecuted_on=D(2024, 6, 1))
    m = actions.move_stage(m, "first_instance", by=None, on=D(2024, 9, 1))
    assert m.stage == "first_instance"


def test_page_shows_the_refused_stage_with_its_reason(web, nghean, make_matter):
    m = make_matter(stage="investigation", kind="case")
    page = web(nghean).get(f"/matters/{m.pk}/").content.decode()
    assert "stage-refused" in page and 'value="prosecution"' not in page
    assert "Chuyển sang Truy tố cần có ngày khởi tố" in page  # the reason, in Vietnamese
    response = web(nghean).post(f"/api/matters/{m.pk}/move/", {"stage": "prosecution"},
                                content_type="application/json")
    assert response.status_code == 400 and "stage" in response.json()
