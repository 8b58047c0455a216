"""The registry's actions called directly (people/actions.py); the re-link rule is one
(`actions.may_relink`) and the page and the API agree with it (issue 18: it was written in
people/views.py and again in people/api/views.py)."""

import pytest

from oversight.accounts.roles import Role
from oversight.people import actions
from oversight.people.choices import RunStatus
from oversight.people.models import LinkRun

KINDS = {
    "officer": {"roles": [Role.OFFICER]},
    "head": {"roles": [Role.HEAD]},
    "administrator": {"roles": [Role.ADMINISTRATOR]},
    "superuser": {"roles": [], "is_superuser": True},
    "staff": {"roles": [Role.OFFICER], "is_staff": True},
    "analyst": {"roles": [Role.CENTRAL_ANALYST]},
}


def _page_and_api(user, web, api, capture) -> tuple[bool, bool]:
    """(the page started a run, the API started one) for `user`."""
    with capture(execute=False):
        before = LinkRun.objects.count()
        web(user).post("/people/runs/start/")
        by_page = LinkRun.objects.count() > before
        before = LinkRun.objects.count()
        answer = api(user).post("/api/link-runs/", {}, format="json")
        by_api = LinkRun.objects.count() > before
    assert answer.status_code == (201 if by_api else 403)
    return by_page, by_api


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_page_and_api_ask_the_one_relink_rule(kind, make_user, web, api,
                                               django_capture_on_commit_callbacks):
    user = make_user(f"u-{kind}", **KINDS[kind])
    expected = kind in ("head", "administrator", "superuser", "staff")
    assert actions.may_relink(user) is expected
    assert _page_and_api(user, web, api, django_capture_on_commit_callbacks) == (expected,
                                                                                 expected)


def test_control_a_rule_of_its_own_on_the_page_is_caught(make_user, web, api, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    """The control: were the API to keep a rule of its own (heads only), a staff user would
    be let in by the page and refused by the API, and the comparison above fails."""
    from oversight.people.api import views as api_views

    real = actions.may_relink

    class OwnRule:
        def __getattr__(self, name):
            return getattr(actions, name)

        @staticmethod
        def may_relink(user):
            return user.has_role(Role.HEAD)

    monkeypatch.setattr(api_views, "actions", OwnRule())
    user = make_user("u-staff2", **KINDS["staff"])
    assert real(user)
    assert _page_and_api(user, web, api, django_capture_on_commit_callbacks) == (True, False)


def test_start_relink_queues_a_run_by_its_starter(make_user, django_capture_on_commit_callbacks):
    head = make_user("h-run", roles=[Role.HEAD])
    with django_capture_on_commit_callbacks(execute=False):
        run = actions.start_relink(by=head)
    assert run.status == RunStatus.QUEUED and run.started_by == head
    assert run.job.name == "relink"  # the background job that will do it
