"""Response headers Django's SecurityMiddleware does not set."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy on every response: the platform needs no camera, microphone,
    location or other powerful browser feature, so none may be used, not even by injected code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoSharedCookiesMiddleware:
    """A response that sets a cookie is never one for shared caches.

    Public catalogue pages are marked `Cache-Control: public` before the outer
    middleware has run; Django's CSRF middleware may still replace a malformed
    token cookie on the way out. A proxy must not hand that cookie to everyone,
    so such a response becomes `private` (the browser may still keep it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies and "public" in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)  # Django drops "public"
        return response
