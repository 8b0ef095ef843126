"""German error pages. The 500 page renders without a database or context processors."""

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever broke must not break the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())


# Fields whose values are technical, not something a person typed.
_TECHNICAL_FIELDS = {"csrfmiddlewaretoken", "form_started", "website"}


def csrf_failure(request, reason=""):
    """A German 403 page for a form sent without a valid CSRF cookie or token.

    Typically the browser blocks cookies or the form was open for a long time.
    What the person typed is shown back (escaped) so nothing is lost.
    """
    typed = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _TECHNICAL_FIELDS
        for value in values
        if value.strip() and len(value) <= 20000
    ]
    return HttpResponseForbidden(
        loader.render_to_string("403_csrf.html", {"typed": typed[:50]}, request=request)
    )
