"""German error pages. The 500 page renders without a database or context processors."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())
