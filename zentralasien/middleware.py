"""Project-wide request handling: request log, malformed input, health check, the site's port,
database outages, the Content-Security-Policy header."""

import logging
import time
from collections.abc import Iterator
from dataclasses import asdict
from http import HTTPStatus
from urllib.parse import unquote_to_bytes, urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, DisallowedHost, SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zentralasien.logs import StreamAborted
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

    A streamed response (the exports) is logged when its stream ends, with the whole duration.
    If the stream fails midway (a database error or statement timeout), the status 200 has already
    been sent: the line is then an ERROR with ``aborted`` and the error, and ``StreamAborted`` is
    raised so that the server closes the connection without the stream's proper end (no
    terminating chunk): clients see an incomplete download instead of a short, clean-looking file.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path_info in HEALTH_CHECK_PATHS and response.status_code == HTTPStatus.OK:
            return response  # load balancers ask every few seconds
        if (
            response.streaming
            and not isinstance(response, FileResponse)
            and not getattr(response, "is_async", False)
        ):
            response.streaming_content = self._logged_stream(request, response, started)
        else:
            self._log(request, response.status_code, started)
        return response

    def _logged_stream(self, request, response, started) -> "_LoggedStream":
        def log(error: Exception | None = None) -> None:
            self._log(request, response.status_code, started, error=error)

        return _LoggedStream(response.streaming_content, log, request.path)

    def _log(self, request, status: int, started: float, error: Exception | None = None) -> None:
        extra = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        level = logging.ERROR if status >= 500 else logging.INFO
        message = "%s %s %s"
        if error is not None:
            level = logging.ERROR
            message += " aborted midway"
            extra.update(aborted=True, error=f"{type(error).__name__}: {error}".strip())
        request_log.log(level, message, request.method, request.path, status, extra=extra)


class _LoggedStream:
    """A response stream that writes the request's log line when it ends (see above)."""

    def __init__(self, content: Iterator[bytes], log, path: str):
        self._content = content
        self._log = log
        self._path = path
        self._logged = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._content
        except Exception as error:
            self._logged = True
            self._log(error)
            raise StreamAborted(f"{self._path}: {type(error).__name__}") from error
        self._logged = True
        self._log()

    def close(self) -> None:
        """Called by the server after the response; logs a stream nobody read to its end."""
        if not self._logged:
            self._logged = True
            self._log()


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
        if request.content_type == FORM_CONTENT_TYPES[0] and not _is_utf8_form(request):
            # Django would replace the bytes with U+FFFD and store that; the sender's client is
            # broken or hostile, a person's browser always sends UTF-8 for these pages.
            return "form data is not UTF-8"
    return ""


def _is_utf8_form(request) -> bool:
    """Whether a URL-encoded form body declared (or defaulting to) UTF-8 is valid UTF-8.

    The separators ``&`` and ``=`` are ASCII, so the body as a whole is valid exactly when every
    name and value is. (Multipart fields are left to Django.)
    """
    charset = (request.content_params.get("charset") or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8"):
        return True
    try:
        unquote_to_bytes(request.body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    """``/healthz`` for load balancers: 200 when the database answers, else 503.

    The body says ``{"status": "ok"|"unavailable", "cache": "ok"|"degraded"}``: a degraded cache
    (Redis down or hung) is reported but still 200, since the site works without it. Asking
    the cache costs at most one short bounded timeout, and nothing while the cache's circuit
    breaker is open (``zentralasien.cache``), so a hung Redis cannot starve the probe.

    Answered here, before host validation, sessions and the URLconf, so that probes by IP
    address work and a probe touches nothing but ``SELECT 1`` and a cache ``PING``.
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
                {"status": "unavailable", "cache": cache_state()},
                status=HTTPStatus.SERVICE_UNAVAILABLE,
            )
        else:
            response = JsonResponse({"status": "ok", "cache": cache_state()})
        response["Cache-Control"] = "no-store"
        return response


def cache_state() -> str:
    """``"ok"``, or ``"degraded"`` while Redis cannot be reached (a local cache is always ok)."""
    state = getattr(cache, "state", None)
    return state() if state is not None else "ok"


class SitePortMiddleware:
    """With ``SITE_URL`` set, refuse a ``Host`` whose port differs from the site's.

    Django checks the host name against ``ALLOWED_HOSTS`` but ignores the port, and absolute URLs
    repeat whatever port the client sent. Refused like a host that is not allowed (400, logged as
    a ``DisallowedHost`` security event). Health checks are answered before this.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.port = None
        if settings.SITE_URL:
            origin = urlsplit(settings.SITE_URL)
            self.port = origin.port or {"http": 80, "https": 443}[origin.scheme]

    def __call__(self, request):
        if self.port is not None:
            host = request.get_host()  # raises DisallowedHost for a host that is not allowed
            port = _explicit_port(host)
            if port is not None and port != self.port:
                raise DisallowedHost(f"Invalid port in HTTP_HOST header: {host!r}.")
        return self.get_response(request)


def _explicit_port(host: str) -> int | None:
    """The port written in a ``Host`` header (``example.org:8443``, ``[::1]:80``), if any."""
    _, separator, port = host.rpartition(":")
    if not separator or not port.isdigit() or host.endswith("]"):
        return None
    return int(port)


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
