"""The platform's read-only JSON API, version 1 (django-ninja), and its documentation page.

django-ninja was chosen over Django REST framework: the API is a handful of
read-only GET operations, and ninja describes them in OpenAPI 3 from typed
schemas with no serializer layer to keep in step. Its Swagger page would load
a JavaScript bundle with inline configuration, which the Content-Security-Policy
forbids, so the documentation is a plain German page rendered from the same
OpenAPI description.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError
from ninja.throttling import BaseThrottle

from formats.open_data import router as formats_router
from offers.open_data.api import router as offers_router

from .ratelimit import is_limited


class ClientThrottle(BaseThrottle):
    """The platform's exact per-client limit (kommune360.ratelimit), as a ninja throttle."""

    def __init__(self, limit: int, window_seconds: int):
        self.limit = limit
        self.window_seconds = window_seconds

    def allow_request(self, request) -> bool:
        return not is_limited("api", request, self.limit, self.window_seconds)

    def wait(self):
        return self.window_seconds


api = NinjaAPI(
    title="Kommune 360° – offener Katalog",
    version="1",
    description=(
        "Lesender Zugriff auf die Unterstützungsangebote und Termine von Kommune 360°. "
        "Die Angebote nehmen dieselben Filter wie die Katalogseite /angebote/."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[ClientThrottle(settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS)],
)
api.add_router("", offers_router)
api.add_router("", formats_router)


# German answers for the errors a client can cause (ninja's own are English).
@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Nicht gefunden."}, status=404)


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = api.create_response(
        request,
        {"detail": "Zu viele Abrufe. Bitte versuchen Sie es später noch einmal."},
        status=429,
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    return api.create_response(
        request, {"detail": "Ungültige Parameter.", "errors": exc.errors}, status=422
    )


def documentation(request):
    """The API's German documentation, rendered from its OpenAPI description."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                }
            )
    return render(
        request,
        "pages/api.html",
        {
            "operations": operations,
            "site_url": settings.SITE_URL,
            "rate_limit": settings.API_RATE_LIMIT,
            "rate_window_minutes": max(settings.API_RATE_WINDOW_SECONDS // 60, 1),
        },
    )
