"""German error pages. The 500 and 503 pages render without a database or context processors."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever broke must not break the error page too.
    exception = sys.exc_info()[1]
    if exception is not None and is_database_outage(exception):
        # The database failed outside a view (e.g. in a middleware): still a 503.
        return database_unavailable(request, exception)
    return HttpResponseServerError(loader.get_template("500.html").render())


# Fields whose values are technical, not something a person typed.
_TECHNICAL_FIELDS = {"csrfmiddlewaretoken", "form_started", "website"}


def typed_values(request) -> list[tuple[str, str]]:
    """What the person typed into a posted form (no technical fields), to show it back."""
    typed = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _TECHNICAL_FIELDS
        for value in values
        if value.strip() and len(value) <= 20000
    ]
    return typed[:50]


def csrf_failure(request, reason=""):
    """A German 403 page for a form sent without a valid CSRF cookie or token.

    Typically the browser blocks cookies or the form was open for a long time.
    What the person typed is shown back (escaped) so nothing is lost.
    """
    return HttpResponseForbidden(
        loader.render_to_string("403_csrf.html", {"typed": typed_values(request)}, request=request)
    )


def is_database_outage(exception: BaseException) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError))


def database_unavailable(request, exception) -> HttpResponse:
    """The 503 page for a database that is down or hung, with one log line and no traceback.

    Rendered without request context (no session, no user, no database). A posted form
    is shown back, ready to copy.
    """
    logger.warning(
        "Database unavailable, answered 503 for %s %s: %s",
        request.method,
        request.path,
        " ".join(str(exception).split()) or type(exception).__name__,
    )
    typed = typed_values(request) if request.method == "POST" else []
    response = HttpResponse(loader.render_to_string("503.html", {"typed": typed}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Our line is the record; Django would log "Service Unavailable: /path" as well.
    response._has_been_logged = True
    return response
