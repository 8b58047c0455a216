"""The identity app's actions on access lists called directly (identity/actions.py): who may
classify a record and put people on its list, whom they may put there, and what is logged."""

import pytest

from oversight.accounts.roles import Role
from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW, can
from oversight.identity import access, actions
from oversight.identity.choices import AccessEventKind


@pytest.fixture
def head(make_user):
    return make_user("truong_ban", "nghe_an", roles=(Role.HEAD,))


def _events(record) -> list[str]:
    return [e.kind for e in access.events(record).order_by("id")]


def test_classifying_puts_the_head_on_the_list(head, make_matter):
    matter = make_matter("nghe_an")
    matter = actions.set_classification(matter, "secret", by=head)
    assert matter.security_classification == "secret"
    assert [g.user for g in access.grants(matter)] == [head]
    assert _events(matter) == [AccessEventKind.CLASSIFIED, AccessEventKind.GRANTED]
    with pytest.raises(RuleError) as refused:
        actions.set_classification(matter, "top", by=head)
    assert refused.value.field == "security_classification"


def test_an_officer_may_not_classify_nor_grant(nghean, head, make_matter, make_user):
    matter = make_matter("nghe_an")
    with pytest.raises(RuleError):
        actions.set_classification(matter, "secret", by=nghean)
    matter = actions.set_classification(matter, "secret", by=head)
    colleague = make_user("dong_nghiep", "nghe_an")
    with pytest.raises(RuleError):
        actions.grant_access(matter, user=colleague, by=nghean)
    assert colleague not in [g.user for g in access.grants(matter)]


def test_grant_and_revoke_within_the_unit(nghean, hanoi, head, make_matter):
    matter = actions.set_classification(make_matter("nghe_an"), "secret", by=head)
    assert not can(nghean, VIEW, matter)
    actions.grant_access(matter, user=nghean, by=head)
    assert can(nghean, VIEW, matter)
    with pytest.raises(RuleError) as refused:  # another province's officer
        actions.grant_access(matter, user=hanoi, by=head)
    assert refused.value.field == "user"
    assert actions.revoke_access(matter, user=nghean, by=head) is True
    assert not can(nghean, VIEW, matter)
    assert actions.revoke_access(matter, user=nghean, by=head) is False  # nothing left
    assert _events(matter)[-2:] == [AccessEventKind.GRANTED, AccessEventKind.REVOKED]
