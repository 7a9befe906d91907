"""Project-wide request handling: request log, malformed input, health check, database outages,
the Content-Security-Policy header."""

import logging
import time
from dataclasses import asdict
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zentralasien.problems import ALLOW, is_api_request, problem_response

request_log = logging.getLogger("zentralasien.requests")
logger = logging.getLogger(__name__)

# Errors that mean "the database is unreachable or timed out", not "this query is wrong".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
HEALTH_CHECK_PATHS = ("/healthz", "/healthz/")


class RequestLogMiddleware:
    """One log line per request: method, path (no query string), status, duration.

    No client address, user agent or query string: they are not needed to see what fails, and
    search terms can be personal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path_info in HEALTH_CHECK_PATHS and response.status_code == HTTPStatus.OK:
            return response  # load balancers ask every few seconds
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        request_log.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def malformed_input(request) -> str:
    """Why the request cannot be handled safely, or ``""``.

    PostgreSQL rejects NUL characters in strings, so a NUL in the path, query string or a header
    (cookies included) would surface as a server error deep inside a query; invalid UTF-8 would be
    silently replaced. Both are refused at the door instead.
    """
    if "\x00" in request.path:
        return "NUL in path"
    query = unquote_to_bytes(request.META.get("QUERY_STRING", ""))
    if b"\x00" in query:
        return "NUL in query string"
    try:
        query.decode("utf-8")
    except UnicodeDecodeError:
        return "query string is not UTF-8"
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return "NUL in header"
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        # NUL in form fields is left to the forms: Django's CharField refuses it with a message
        # next to the field, which keeps the visitor's other input.
        try:
            request.POST  # noqa: B018
        except (BadRequest, SuspiciousOperation, MultiPartParserError):
            # Answered here: Django's own 400 page would read the form again (for its CSRF
            # token) and fail with a server error on a form in another charset.
            return "form data cannot be read"
    return ""


class RejectMalformedRequestMiddleware:
    """Answer 400 to input the application cannot store or search, 405 to unknown methods."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in KNOWN_METHODS:
            if is_api_request(request):
                return problem_response(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    _("The API is read-only."),
                    headers={"Allow": ALLOW},
                )
            response = HttpResponseNotAllowed(KNOWN_METHODS, content=b"Method not allowed.")
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        if problem := malformed_input(request):
            logger.info("Rejected malformed request: %s", problem, extra={"path": request.path})
            if is_api_request(request):
                return problem_response(HTTPStatus.BAD_REQUEST, problem)
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


class HealthCheckMiddleware:
    """``/healthz`` for load balancers: 200 when the database answers, else 503. Nothing else.

    Answered here, before host validation, sessions and the URLconf, so that probes by IP
    address work and a probe never touches anything but ``SELECT 1``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in HEALTH_CHECK_PATHS:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            logger.warning("Health check: database unavailable", exc_info=True)
            response = JsonResponse(
                {"status": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE
            )
        else:
            response = JsonResponse({"status": "ok"})
        response["Cache-Control"] = "no-store"
        return response


def maintenance_response(request=None) -> HttpResponse:
    """The maintenance page (templates/503.html) with status 503 and Retry-After; for the API
    a JSON problem."""
    if request is not None and is_api_request(request):
        response = problem_response(
            HTTPStatus.SERVICE_UNAVAILABLE,
            _(
                "The directory is briefly unavailable because of maintenance. "
                "Please try again in a few minutes."
            ),
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Database down or timing out: the maintenance page with 503 instead of a server error.

    Django closes the broken connection at the end of the request (``conn_health_checks``), so
    the site recovers by itself on the first request after the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.error("Database unavailable: %s", exception, extra={"path": request.path})
            return maintenance_response(request)
        return None


# What makes a response's Content-Security-Policy differ from the site's (django-csp decorators).
PER_RESPONSE_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, building the site's policy headers once per process.

    django-csp builds both headers for every response; for a page served from the page cache
    that took a quarter of the request's time. This site's policy is the same on every
    response (settings only, no nonce), so it is built on the first response and reused.
    Responses with a policy of their own (decorators), a nonce, or exclusions configured, and
    error pages under ``DEBUG``, are left to django-csp.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._headers: list[tuple[str, str]] | None = None

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            or _excluded_prefixes()
        ):
            return super().process_response(request, response)
        if self._headers is None:
            self._headers = [
                (HEADER, build_policy(**asdict(self.get_policy_parts(request, response)))),
                (
                    HEADER_REPORT_ONLY,
                    build_policy(
                        **asdict(self.get_policy_parts(request, response, report_only=True)),
                        report_only=True,
                    ),
                ),
            ]
        for header, value in self._headers:
            if value and header not in response:
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded_prefixes() -> bool:
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )
