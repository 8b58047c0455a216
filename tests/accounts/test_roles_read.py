"""A user's roles are read through a statement compiled once (`User.roles`): the same names as
Django's related manager gives, for users with none, one or several roles, in one statement,
and anew for a fresh instance after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.accounts.models import User
from oversight.accounts.roles import Role


def _by_django(user) -> frozenset[str]:
    return frozenset(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_the_same_names_as_the_related_manager(make_user):
    users = [make_user("khong_vai_tro", roles=()), make_user("can_bo"),
             make_user("nhieu_vai_tro", "central",
                       roles=(Role.CENTRAL_ANALYST, Role.OFFICER, Role.ADMINISTRATOR))]
    for user in users:
        fresh = User.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as sent:
            roles = fresh.roles
            assert fresh.roles is roles  # read once per instance
        assert len(sent.captured_queries) == 1
        assert roles == _by_django(user), user
    assert users[2].roles != _by_django(users[1])  # control: the comparison tells users apart
    assert User().roles == frozenset()  # not saved: nobody's roles, no statement


@pytest.mark.django_db
def test_a_change_shows_on_a_fresh_instance(make_user):
    user = make_user("doi_vai_tro")
    assert User.objects.get(pk=user.pk).roles == {Role.OFFICER}
    user.set_roles([Role.CENTRAL_ANALYST])
    assert User.objects.get(pk=user.pk).roles == {Role.CENTRAL_ANALYST} == _by_django(user)
