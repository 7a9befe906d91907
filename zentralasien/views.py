"""Project-level views: the error handlers (HTML pages, JSON problems under /api/)."""

import sys
from http import HTTPStatus

from django.utils.translation import gettext as _
from django.views import defaults

from zentralasien.middleware import DATABASE_UNAVAILABLE, maintenance_response
from zentralasien.problems import is_api_request, problem_response


def bad_request(request, exception):
    if is_api_request(request):
        return problem_response(HTTPStatus.BAD_REQUEST, _("This address cannot be read"))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        return problem_response(HTTPStatus.FORBIDDEN, _("Access denied."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """Unknown addresses under /api/ (and entries whose slug cannot exist) answer in JSON."""
    if is_api_request(request):
        return problem_response(HTTPStatus.NOT_FOUND, _("There is no published entry here."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A database outage that surfaced outside a view (e.g. in a middleware) still gives 503."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return maintenance_response(request)
    if is_api_request(request):
        return problem_response(HTTPStatus.INTERNAL_SERVER_ERROR, _("Server error"))
    return defaults.server_error(request)
