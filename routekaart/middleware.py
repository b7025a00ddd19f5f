import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ChosenLanguageMiddleware:
    """Dutch unless the visitor chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the content is Dutch, so a
    half-English page because of a browser setting would confuse more than it helps.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # and back afterwards: the next request starts from Dutch
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


def database_unavailable(request, error):
    """The friendly 503 page while the database is unreachable: one log line, no traceback, no database."""
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    logger.error(
        "Database unavailable (%s %s): %s: %s", request.method, request.path, type(error).__name__, first_line
    )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above; django.request would add a second line
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 (not 500) and the site recovers by itself.

    Django closes a connection that failed (conn_health_checks, close_if_unusable_or_obsolete) so the next
    request connects anew: nothing here needs resetting. Errors raised outside a view (in another middleware)
    reach handler500, which answers the same page (routekaart.views.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None
