""""Is administrator" is one rule (accounts.roles.is_administrator): the jobs list, the working
calendar, units, the audit trail and token revocation ask it and agree with it (issue 18: it
was written in four places, two of them spelling out the superuser by hand)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory

from oversight.accounts.roles import Role, is_administrator
from oversight.audit.permissions import is_auditor
from oversight.jobs.models import Job
from oversight.units.api.views import IsAdministratorOrReadOnly
from oversight.workcalendar import actions as calendar_actions


def _callers(user) -> dict[str, bool]:
    """What each place that needs the rule answers for `user`."""
    request = APIRequestFactory().post("/api/units/")
    request.user = user
    mine = Job.objects.create(name="overdue", created_by=None) if user.is_authenticated else None
    sees_all = (user.is_authenticated and mine is not None
                and Job.objects.for_user(user).filter(pk=mine.pk).exists())
    return {
        "jobs: every job": bool(sees_all),
        "workcalendar: may edit": calendar_actions.may_edit(user),
        "units: may write": IsAdministratorOrReadOnly().has_permission(request, None),
        "audit: auditor": is_auditor(user),
    }


@pytest.mark.parametrize("kind", ["anonymous", "officer", "head", "administrator",
                                  "superuser", "staff"])
def test_every_caller_agrees_with_the_one_rule(kind, make_user):
    if kind == "anonymous":
        user = AnonymousUser()
    elif kind == "officer":
        user = make_user("o1")
    elif kind == "head":
        user = make_user("h1", roles=[Role.HEAD])
    elif kind == "administrator":
        user = make_user("a1", roles=[Role.ADMINISTRATOR])
    elif kind == "superuser":
        user = make_user("s1", roles=[], is_superuser=True)
    else:
        user = make_user("st1", roles=[Role.OFFICER], is_staff=True)
    expected = kind in ("administrator", "superuser")
    assert is_administrator(user) is expected
    answers = _callers(user)
    assert answers == {name: expected for name in answers}, answers


def test_control_a_caller_with_its_own_spelling_is_caught(make_user, monkeypatch):
    """The control: a caller that forgot the superuser (the role list alone) disagrees, and
    the comparison above sees it."""
    monkeypatch.setattr(calendar_actions, "may_edit",
                        lambda user: Role.ADMINISTRATOR in getattr(user, "roles", ()))
    user = make_user("s2", roles=[], is_superuser=True)
    answers = _callers(user)
    assert is_administrator(user)
    assert answers["workcalendar: may edit"] is False
    assert answers != {name: True for name in answers}
