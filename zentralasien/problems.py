"""Problem details (RFC 9457): the one shape of every error answer of the API.

Everything under ``/api/`` (and the ``.json`` records, which are API views) answers in JSON,
errors included: the views, the middleware (malformed input, unknown methods, database
outages) and the project's error handlers (404, 500, …) ask :func:`is_api_request` and answer
with :func:`problem_response` instead of an HTML page.
"""

from http import HTTPStatus

from django.http import JsonResponse

API_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE = "about:blank"  # RFC 9457 §4.2.1: the status code says all; title = its phrase
API_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(API_METHODS)


def is_api_request(request) -> bool:
    """An address of the API: under /api/, or served by an API view (the ``.json`` records)."""
    if request.path_info.startswith(API_PREFIX):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "is_api_view", False))


def problem_response(
    status: HTTPStatus,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """A JSON problem: ``type``, ``title`` (the status phrase), ``status``, ``detail``; for bad
    parameters also ``errors`` (parameter name → messages)."""
    status = HTTPStatus(status)
    body = {"type": PROBLEM_TYPE, "title": status.phrase, "status": status.value, "detail": detail}
    if errors:
        body["errors"] = errors
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only, no credentials
    response["Cache-Control"] = "no-cache"
    for name, value in (headers or {}).items():
        response[name] = value
    return response
