"""The server error page, and the page shown instead while the database cannot be reached.

It is Django's `handler500` rather than a middleware: Django turns an exception raised in any
middleware (a session loaded or saved, Wagtail's redirect lookup on a 404) into a response
at that middleware's own layer, so a middleware's `process_exception` sees only the errors of
views. Every unhandled exception, wherever it was raised, ends up here."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

# How long a client should wait: PostgreSQL restarts or fails over in seconds.
DATABASE_RETRY_AFTER_SECONDS = 60


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether the database could not be reached or dropped the connection (also when that
    error is the cause of the one raised)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def database_unavailable_response() -> HttpResponse:
    """503 with Retry-After. Rendered without the request, so that no context processor
    (the signed-in user, the messages) goes to the database that is down."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    # Django calls its handler500 while it handles the exception: sys.exception() is that one.
    if is_database_unavailable(sys.exception()):
        return database_unavailable_response()
    return default_server_error(request, template_name)
