"""Public catalogue pages for any HTTP cache: ETag, 304, Cache-Control, and Django's cache.

A page's ETag is derived from the catalogue version (renewed at the commit
of every relevant change, offers/catalogue/index.py, and by every `migrate`,
so a deployment with new templates starts afresh), the day (offers expire at
midnight) and the full URL. The rendered page is kept in Django's cache
(Redis when REDIS_URL is set) under the same key.

Standard parts first: Django's `cache_page` keys a page by URL and a fixed
timeout, so it cannot follow the catalogue version across processes; this
decorator keeps Django's cache, `get_conditional_response` and the header
helpers, and adds only the version to the key.

Only GETs without cookies (the CSRF cookie aside) are treated so: a request
with a session or a pending message gets the page as always, made for it
alone. Public pages set no cookies.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from . import index

CACHE_SECONDS = 600  # in Django's cache; the version makes older entries unreachable anyway
HEADERS_KEPT = ("Content-Type", "Content-Language", "Content-Disposition", "Vary")


def catalogue_version() -> str:
    from offers.models import CatalogueVersion

    return CatalogueVersion.objects.values_list("token", flat=True).first() or "-"


def _is_anonymous_read(request) -> bool:
    """A GET of someone without session, messages or any other state the page could show."""
    return request.method in {"GET", "HEAD"} and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def public_page(view):
    """Serve `view`'s page with ETag/304 and from Django's cache while the catalogue is unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            return view(request, *args, **kwargs)
        index.flush(quiet=True)  # inside a writing transaction, its own changes count
        request.catalogue_version = catalogue_version()  # the view may reuse it (query.py)
        key_source = f"{request.catalogue_version}|{timezone.localdate()}|{request.get_full_path()}"
        digest = hashlib.sha256(key_source.encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        # Django's own conditional GET: 304 on a matching If-None-Match (weak tags too).
        # "*" matches only a page that exists, which the view decides (RFC 9110, 13.1.2).
        any_tag = request.headers.get("If-None-Match", "").strip() == "*"
        response = None if any_tag else get_conditional_response(request, etag=etag)
        if response is None:
            response = _cached_or_rendered(request, view, args, kwargs, f"k360:page:{digest}")
            if any_tag and response.status_code == 200:
                response = get_conditional_response(request, etag=etag, response=response)
        if response.status_code in {200, 304}:
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
            # A person who logs in (the team, after publishing) must not get the copy their
            # browser kept from before: their cookies differ.
            patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper


def _cached_or_rendered(request, view, args, kwargs, key):
    stored = cache.get(key)
    if stored is not None:
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.cookies and not response.streaming:
        if hasattr(response, "render"):
            response.render()
        headers = {name: response[name] for name in HEADERS_KEPT if name in response}
        cache.set(key, (response.content, headers), CACHE_SECONDS)
    return response
