import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.csrf import CsrfViewMiddleware as _DjangoCsrf
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an officer whose
    browser is in English would get English pages without asking; the agencies work in
    Vietnamese, and the switch (a cookie) is the only way out of it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and translation.check_for_language(chosen):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SessionRefreshMiddleware:
    """Moves the end of a signed-in session forward at most once a minute, not on every request.

    A session ends after SESSION_COOKIE_AGE without a request: Django keeps that promise with
    SESSION_SAVE_EVERY_REQUEST, one write (a session row rewritten, in a write transaction) per
    page — on SQLite, a write lock for every page read, which queued the readers behind one
    another under load (issue 17). Here the row is rewritten when the session changes or when
    its last refresh is REFRESH_SECONDS old, so an idle session ends between SESSION_COOKIE_AGE
    minus REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request. Listed after Django's
    SessionMiddleware, whose response step then saves the session this one marked.
    A request without the session cookie (the API with a token) is left alone: no session is
    read or made."""

    KEY = "_refreshed"
    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        now = int(time.time())
        stale = now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS
        # not after a sign-out (flushed), nor for a cookie of no session
        if (session.modified or stale) and not session.is_empty():
            session[self.KEY] = now
        return response


DATABASE_DOWN_TEXT = "The database is unreachable for the moment. Try again in a minute."
DATABASE_DOWN_HTML = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>503 · Oversight'
    '</title></head><body style="font-family:sans-serif;margin:3em"><h1>Oversight</h1>'
    "<p>Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.</p>"
    f"<p>{DATABASE_DOWN_TEXT}</p></body></html>"
)


def database_down_response(request):
    """503 for a request that met an unreachable database: a short page, or JSON under /api/.
    Rendered without templates or the session: both could need the database."""
    from django.http import HttpResponse, JsonResponse

    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": DATABASE_DOWN_TEXT}, status=503)
    else:
        response = HttpResponse(DATABASE_DOWN_HTML, status=503,
                                content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    return response


def is_database_down(exc) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


class DatabaseUnavailableMiddleware:
    """Requests while the database is unreachable fail cleanly: 503 and a log line, not a 500
    with a traceback page. Django drops the broken connection at the end of the request and
    (CONN_HEALTH_CHECKS on PostgreSQL) checks a persistent one before reusing it, so the app
    recovers by itself when the database is back — no restart.

    Errors raised by views (and DRF) come through `process_exception`; `handler500`
    (`server_error` below) covers the rare failure outside a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_down(exception):
            return None
        _log_down(request, exception)
        return database_down_response(request)


def _log_down(request, exception):
    import logging

    logging.getLogger("oversight.database").error(
        "database unavailable: %s %s: %s: %s", request.method, request.path,
        type(exception).__name__, str(exception).strip().splitlines()[0][:300]
        if str(exception).strip() else "")


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def api_error(status: int, detail):
    """The JSON body every /api/ error has: {"detail": "..."} (DRF's shape)."""
    from django.http import JsonResponse

    return JsonResponse({"detail": str(detail)}, status=status)


# Django's error handlers (urls.py), JSON under /api/: an API client never gets an HTML page,
# whichever layer refused the request (URL resolver, middleware, a limit on the body).
def bad_request(request, exception=None):
    from django.core.exceptions import RequestDataTooBig
    from django.utils.translation import gettext as _
    from django.views.defaults import bad_request as django_bad_request

    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return api_error(413, _("The request is too large."))
        return api_error(400, _("Bad request."))
    return django_bad_request(request, exception)


def permission_denied(request, exception=None):
    from django.utils.translation import gettext as _
    from django.views.defaults import permission_denied as django_permission_denied

    if is_api(request):
        return api_error(403, _("You do not have permission to perform this action."))
    return django_permission_denied(request, exception)


def page_not_found(request, exception=None):
    from django.utils.translation import gettext as _
    from django.views.defaults import page_not_found as django_page_not_found

    if is_api(request):
        return api_error(404, _("Not found."))
    return django_page_not_found(request, exception)


def server_error(request, *args, **kwargs):
    import sys

    from django.utils.translation import gettext as _
    from django.views.defaults import server_error as django_server_error

    exception = sys.exc_info()[1]
    if exception is not None and is_database_down(exception):
        _log_down(request, exception)
        return database_down_response(request)
    if is_api(request):
        return api_error(500, _("Server error. It has been logged; try again later."))
    return django_server_error(request, *args, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429, JSON under
    /api/, a short page elsewhere."""
    from django.http import HttpResponse
    from django.utils.translation import gettext as _

    message = _("Too many failed sign-in attempts: this account is locked for a while. "
                "Try again later or ask an administrator.")
    if is_api(request):
        return api_error(429, message)
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


class RejectNulMiddleware:
    """A NUL character has no place in a URL or a query: answer 400 before any view passes it
    to the database (PostgreSQL refuses it in text, which was a 500; found by schemathesis)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                          for key, values in request.GET.lists()
                                          for value in values):
            if is_api(request):
                return api_error(400, "NUL characters are not allowed.")
            return HttpResponseBadRequest("NUL characters are not allowed.")
        return self.get_response(request)


class CsrfViewMiddleware(_DjangoCsrf):
    """Django's CSRF check, with one allowance for the public portal.

    The portal's pages send no referrer (Referrer-Policy: no-referrer), so browsers send
    `Origin: null` with its forms and Django's origin check would refuse them. Under /portal/
    a null origin is accepted when the browser itself declares the request same-origin
    (`Sec-Fetch-Site`, a header no page can set); the token check still applies.
    """

    def _origin_verified(self, request):
        if (request.META.get("HTTP_ORIGIN") == "null"
                and request.path_info.startswith("/portal/")
                and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"):
            return True
        return super()._origin_verified(request)
