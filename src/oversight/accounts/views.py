"""Sign-in pages: the login form (rate-limited, lockout by django-axes) and the second factor."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from oversight.accounts.forms import CodeForm
from oversight.accounts.roles import Role
from oversight.accounts.twofactor import check_code, confirmed_device
from oversight.base.acting import client_address

LOGIN_ATTEMPTS_PER_MINUTE = 10


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


class LoginView(auth_views.LoginView):
    """Django's login page, with at most 10 attempts a minute from one address."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Officers and heads land on their work (`/my/`); others on the dashboard."""
        from django.urls import reverse


        user = self.request.user
        if user.is_authenticated and (user.has_role(Role.OFFICER) or user.has_role(Role.HEAD)):
            return reverse("my-work")
        return super().get_default_redirect_url()

    def post(self, request, *args, **kwargs):
        key = f"login-rate:{client_address(request)}"
        cache.add(key, 0, 60)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        if count > LOGIN_ATTEMPTS_PER_MINUTE:
            return HttpResponse(_("Too many sign-in attempts. Wait a minute and try again."),
                                status=429, content_type="text/plain; charset=utf-8")
        return super().post(request, *args, **kwargs)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


@login_required
def setup(request):
    """First sign-in of a user who needs 2FA: scan the QR code, type the code to confirm."""
    if confirmed_device(request.user):
        return redirect(f"{_url('2fa-verify')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator",
                                           confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect(_next(request))
        form.add_error("code", _("This code is not right. Check the time on your phone."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/2fa_setup.html", {
        "form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret,
        "next": _next(request),
    }, status=400 if form.errors else 200)


@login_required
def verify(request):
    if confirmed_device(request.user) is None:
        return redirect(f"{_url('2fa-setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("This code is not right."))
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
