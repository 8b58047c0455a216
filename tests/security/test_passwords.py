from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_passwords_are_hashed_with_argon2(make_user, settings):
    from oversight import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("someone")
    assert user.password.startswith("argon2$")
    assert user.check_password("pw-someone")


@pytest.mark.parametrize("password", ["short1A!", "password1234", "123456789012345",
                                      "someone.example"])
def test_weak_passwords_are_refused(make_user, password):
    user = make_user("someone", email="someone.example@gov.vn")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted(make_user):
    validate_password("rừng tràm xanh bên sông Lam", make_user("someone"))
