"""Project-level views: the server-error handler."""

import sys

from django.views import defaults

from zentralasien.middleware import DATABASE_UNAVAILABLE, maintenance_response


def server_error(request):
    """A database outage that surfaced outside a view (e.g. in a middleware) still gives 503."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return maintenance_response()
    return defaults.server_error(request)
