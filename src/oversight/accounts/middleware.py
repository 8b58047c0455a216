from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from oversight.accounts.twofactor import confirmed_device, required_for

# Reachable before the second factor: the 2FA pages themselves, signing out, static files.
OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/login/")


class TwoFactorMiddleware:
    """Heads, custodians, central analysts and administrators signed in with a password only
    are sent to set up (first time) or enter (afterwards) their one-time code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:  # read by every request here: the lazy wrappers have done their work
            request.user = user = concrete(user)
        if (user is not None and user.is_authenticated and required_for(user)
                and not user.is_verified() and not request.path.startswith(OPEN_PREFIXES)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor verification required."},
                                    status=403)
            name = "2fa-verify" if confirmed_device(user) else "2fa-setup"
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)


def concrete(user):
    """The user behind Django's and django-otp's lazy wrappers (`SimpleLazyObject` inside
    `SimpleLazyObject`), evaluated. Every attribute a page reads of `request.user` went
    through both wrappers' `__getattribute__` and `__getattr__` (about 450 a petitions page,
    issue 17); the object itself is what `login()` puts there too."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
