"""The intake actions called directly: a draft is changed only by someone who may register
petitions for its unit, and a registered draft stays registered."""

from __future__ import annotations

import pytest

from oversight.core.errors import RuleError
from oversight.intake import actions
from oversight.intake.choices import DraftStatus
from oversight.intake.models import Draft


def _draft(unit, status=DraftStatus.READY):
    return Draft.objects.create(unit=unit, source="scan", status=status,
                                text="Đơn khiếu nại về đất đai", proposed={})


def test_a_draft_is_discarded_only_by_its_units_officers(nghean, hanoi, unit):
    draft = _draft(unit("nghe_an"))
    with pytest.raises(RuleError) as refused:
        actions.discard(draft, by=hanoi)
    assert refused.value.field == "unit"
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY
    assert actions.discard(draft, by=nghean).status == DraftStatus.DISCARDED
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.DISCARDED


def test_a_registered_draft_is_not_discarded_and_only_a_failed_one_is_read_again(nghean, unit):
    registered = _draft(unit("nghe_an"), DraftStatus.REGISTERED)
    with pytest.raises(RuleError) as refused:
        actions.discard(registered, by=nghean)
    assert refused.value.field == "status"
    with pytest.raises(RuleError) as again:
        actions.reread(_draft(unit("nghe_an")), by=nghean)
    assert again.value.field == "status"
    assert Draft.objects.get(pk=registered.pk).status == DraftStatus.REGISTERED
