"""Two-factor sign-in for heads, custodians, central analysts and administrators."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from oversight.accounts.roles import Role


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code then the right one, in the same second


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", [Role.HEAD, Role.CUSTODIAN, Role.CENTRAL_ANALYST,
                                  Role.ADMINISTRATOR])
def test_roles_that_need_a_second_factor_are_sent_to_set_it_up(client, make_user, role):
    user = make_user("u1", "nghe_an", roles=(role,))
    client.force_login(user)
    response = client.get("/matters/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/setup/")
    assert client.get("/api/matters/").status_code == 403


def test_officers_sign_in_with_a_password(web, nghean):
    assert web(nghean).get("/matters/").status_code == 200


def test_setup_shows_an_inline_svg_qr_code_then_verifies(client, make_user):
    user = make_user("chief", "nghe_an", roles=(Role.HEAD,))
    client.force_login(user)
    page = client.get("/account/2fa/setup/?next=/matters/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "<img" not in body
    device = TOTPDevice.objects.get(user=user)
    assert client.post("/account/2fa/setup/", {"code": "000000", "next": "/matters/"}
                       ).status_code == 400
    response = client.post("/account/2fa/setup/", {"code": code(device), "next": "/matters/"})
    assert response.status_code == 302 and response["Location"] == "/matters/"
    assert client.get("/matters/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_later_sign_ins_ask_for_the_code(client, make_user):
    user = make_user("chief", "nghe_an", roles=(Role.HEAD,))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    assert client.get("/").headers["Location"].startswith("/account/2fa/verify/")
    assert client.get("/account/2fa/setup/").status_code == 302  # no second enrolment
    assert client.post("/account/2fa/verify/", {"code": "123"}).status_code == 400
    assert client.post("/account/2fa/verify/", {"code": code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_token_endpoint_asks_for_the_code(api, make_user):
    user = make_user("chief", "nghe_an", roles=(Role.HEAD,))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    anonymous = api()
    response = anonymous.post("/api/auth/token/", {"username": "chief",
                                                   "password": "pw-chief"}, format="json")
    assert response.status_code == 400 and "otp" in response.json()
    response = anonymous.post("/api/auth/token/", {"username": "chief", "password": "pw-chief",
                                                   "otp": code(device)}, format="json")
    assert response.status_code == 200 and response.json()["token"]


def test_switch_off(settings, client, make_user):
    settings.REQUIRE_2FA = False
    client.force_login(make_user("chief", "nghe_an", roles=(Role.HEAD,)))
    assert client.get("/matters/").status_code == 200
