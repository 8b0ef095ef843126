"""Public catalogue reads from a read replica, everything else on the primary.

Active when DATABASE_REPLICA_URL is set (settings add the alias "replica" and this router).
`CatalogueReadsMiddleware` marks a request as a public catalogue read: GET or HEAD to one of
the catalogue's public views (list, offer, gaps, feeds, exports, API). During such a request
the catalogue's tables (apps `offers` and `taggit`) are read from the replica; every write,
every other request (forms, edit links, the back office) and every other table (sessions,
cache, rate limits) use the primary. A replica lags by a moment at most, which a public
list may show; a person's own edits are never read back from it.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
CATALOGUE_APPS = {"offers", "taggit"}
CATALOGUE_VIEWS = {
    "offers:home",
    "offers:catalogue",
    "offers:offer_detail",
    "offers:gap_list",
    "offers:gap_detail",
    "catalogue_feed",
    "catalogue_csv",
    "sitemap",
    "open_data_dcat",
    "open_data_dcat_turtle",
}
CATALOGUE_NAMESPACES = {"api-v1"}
SAFE_METHODS = {"GET", "HEAD"}

_catalogue_read: ContextVar[bool] = ContextVar("catalogue_read", default=False)


def replica_in_use() -> bool:
    """Whether catalogue reads go to a replica (DATABASE_REPLICA_URL is set)."""
    return REPLICA in settings.DATABASES and any(
        router == "kommune360.replica.CatalogueReplicaRouter"
        for router in settings.DATABASE_ROUTERS
    )


def is_catalogue_read(request) -> bool:
    match = request.resolver_match
    if request.method not in SAFE_METHODS or match is None:
        return False
    return match.view_name in CATALOGUE_VIEWS or bool(CATALOGUE_NAMESPACES & set(match.namespaces))


class CatalogueReadsMiddleware:
    """Mark public catalogue reads for the router, for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _catalogue_read.set(False)
        try:
            response = self.get_response(request)
            if response.streaming and _catalogue_read.get():
                # A streamed response (the CSV export) reads its rows after this request
                # has left the middleware: keep those reads on the replica too.
                response.streaming_content = _reading_catalogue(response.streaming_content)
            return response
        finally:
            _catalogue_read.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_catalogue_read(request):
            _catalogue_read.set(True)


def _reading_catalogue(chunks):
    """Yield `chunks`, producing each one as part of a public catalogue read."""
    iterator, end = iter(chunks), object()
    while True:
        token = _catalogue_read.set(True)
        try:
            chunk = next(iterator, end)
        finally:
            _catalogue_read.reset(token)
        if chunk is end:
            return
        yield chunk


class CatalogueReplicaRouter:
    """Reads of catalogue tables in a public catalogue request go to the replica; all
    writes, and migrations, go to the primary."""

    def db_for_read(self, model, **hints):
        if _catalogue_read.get() and model._meta.app_label in CATALOGUE_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
