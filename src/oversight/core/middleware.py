from django.conf import settings
from django.http import HttpResponseBadRequest
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


class RejectNulMiddleware:
    """A NUL character has no place in a URL or a query: answer 400 before any view passes it
    to the database (PostgreSQL refuses it in text, which was a 500; found by schemathesis)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                          for key, values in request.GET.lists()
                                          for value in values):
            return HttpResponseBadRequest("NUL characters are not allowed.")
        return self.get_response(request)
