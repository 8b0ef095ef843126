"""German error pages. The 500 and 503 pages render without a database or context processors."""

import logging
import re
import sys

import redis
from django import forms
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # No request context: whatever broke must not break the error page too.
    exception = sys.exc_info()[1]
    if exception is not None and is_outage(exception):
        # The database failed outside a view (e.g. in a middleware): still a 503.
        return outage_page(request, exception)
    return HttpResponseServerError(loader.get_template("500.html").render())


# Fields whose values are technical, not something a person typed.
_TECHNICAL_FIELDS = {"csrfmiddlewaretoken", "form_started", "website"}
# Never shown back, on any form: passwords, one-time codes, tokens and other secrets.
_SECRET_FIELD = re.compile(r"pass|secret|token|code|otp", re.IGNORECASE)
# The public forms, by the view that receives them: their labels name what was typed.
_FORMS_BY_VIEW = {
    "feedback:start": ["feedback.forms.ContributionForm"],
    "formats:register": ["formats.forms.RegistrationForm", "formats.forms.CircleFields"],
    "formats:feedback": ["formats.forms.TalkFeedbackForm"],
    "offers:submit": ["offers.submission.forms.OfferSubmissionForm"],
    "offers:edit": ["offers.submission.forms.OfferSubmissionForm"],
    "offers:alert_subscribe": ["offers.alerts.forms.SubscribeForm"],
    "offers:alert_manage": ["offers.alerts.forms.FrequencyForm"],
    "offers:provider_request": ["offers.provider_access.forms.OverviewRequestForm"],
}


def _form_fields(request) -> dict:
    """The fields of the public form posted to this URL, by name; empty if not known."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return {}
    fields = {}
    for path in _FORMS_BY_VIEW.get(match.view_name, []):
        fields.update(import_string(path).base_fields)
    return fields


def _label(name: str, field) -> str:
    if field is None:
        return name
    return strip_tags(str(getattr(field, "summary_label", None) or field.label or name))


def _shown_value(field, value: str) -> str:
    """A choice as the form shows it ("ja" for a ticked box); anything else as typed."""
    if isinstance(field, forms.BooleanField):
        return "ja" if value.lower() in {"on", "true", "1"} else value
    # Only fixed choices: a model's choices would ask the database, which may be away.
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, list):
        labels = {}
        for key, label in field.choices:
            group = label if isinstance(label, (list, tuple)) else [(key, label)]
            labels.update((str(k), str(text)) for k, text in group)
        return labels.get(value, value)
    return value


def typed_values(request) -> list[tuple[str, str]]:
    """What the person typed into a posted public form, labelled as in the form, to show
    it back. Nothing from the back office (its login and password forms), no technical
    fields and no secrets."""
    if request.path_info.startswith(reverse("admin:index")):
        return []
    fields = _form_fields(request)
    typed = [
        (_label(name, fields.get(name)), _shown_value(fields.get(name), value))
        for name, values in request.POST.lists()
        if name not in _TECHNICAL_FIELDS and not _SECRET_FIELD.search(name)
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


# A cache server (Redis) that refuses or does not answer within REDIS_TIMEOUT: the rate
# limits and the page cache need it, so it is an outage like the database's.
_OUTAGES = {
    OperationalError: "Database",
    InterfaceError: "Database",
    redis.exceptions.ConnectionError: "Cache (Redis)",
    redis.exceptions.TimeoutError: "Cache (Redis)",
}


def outage_of(exception: BaseException) -> str | None:
    """The service that is away, if `exception` says one is; None for anything else."""
    for kind, service in _OUTAGES.items():
        if isinstance(exception, kind):
            return service
    return None


def is_outage(exception: BaseException) -> bool:
    """Whether `exception` means the database or the cache is away (see outage_of)."""
    return outage_of(exception) is not None


def outage_page(request, exception) -> HttpResponse:
    """The 503 page for a database (or cache) that is down or hung, with one log line and
    no traceback.

    Rendered without request context (no session, no user, no database). A posted form
    is shown back, ready to copy.
    """
    logger.warning(
        "%s unavailable, answered 503 for %s %s: %s",
        outage_of(exception) or "Database",
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
