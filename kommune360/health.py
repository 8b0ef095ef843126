"""Health endpoints for load balancers and process managers.

/health/live answers 200 while the process can serve requests at all (no database).
/health/ready answers 200 only when the database (and the read replica, when one is
configured) and the cache answer, else 503; a hung database fails the check within the
query deadline (kommune360/outage.py).
Both are answered here, at the top of the middleware stack: no host check (a load
balancer probes by address), no HTTPS redirect, no cookies, no session, no CSP work.
"""

import secrets
from functools import partial

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

from .outage import bounded_queries
from .replica import PRIMARY, REPLICA, replica_in_use

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"


def check_database(alias: str = PRIMARY) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    value = secrets.token_hex(8)
    cache.set("health:ready", value, timeout=10)
    if cache.get("health:ready") != value:
        raise RuntimeError("cache did not keep a value")


def checks() -> dict:
    """What readiness checks, by name: the databases in use, then the cache."""
    found = {"database": check_database}
    if replica_in_use():
        found["replica"] = partial(check_database, REPLICA)
    found["cache"] = check_cache
    return found


def readiness() -> tuple[bool, list[str]]:
    """Run every check; return whether all passed and one line per check."""
    ok, lines = True, []
    with bounded_queries():  # the database cache queries too
        for name, check in checks().items():
            try:
                check()
            except Exception as error:  # any failure means "not ready", never a 500
                ok = False
                lines.append(f"{name}: unavailable ({type(error).__name__})")
            else:
                lines.append(f"{name}: ok")
    return ok, lines


def plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path == LIVE_PATH:
            return plain("ok")
        if request.path == READY_PATH:
            ok, lines = readiness()
            return plain("\n".join(lines), status=200 if ok else 503)
        return self.get_response(request)
