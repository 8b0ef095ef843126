"""When the database (or Redis) is away: a German 503 page instead of a 500 with a traceback.

The settings bound how long a request waits for the database (connect_timeout,
statement_timeout, tcp_user_timeout) and for Redis (REDIS_TIMEOUT); this middleware turns
the resulting error into kommune360.errors.outage_page: 503, Retry-After, one log line, and
a posted form shown back. Workers need no restart: Django closes a broken connection when
the request ends and checks a reused one before the next (CONN_HEALTH_CHECKS), so the
first request after the database returns gets a fresh connection.

A *frozen* server (the process stopped, the TCP connection still open) is covered by none
of those: connect_timeout only applies to new connections, the server never runs the
statement_timeout, and tcp_user_timeout never fires because the peer's kernel still
acknowledges every packet. Measured with a kept connection (CONN_MAX_AGE=60): each request
waited ~31 s until gunicorn killed the worker; with the deadline, 503 after 7 s (a query)
or 6 s (the kept connection's health check, then a new connection's connect timeout). Neither psycopg nor Django offers a
client-side query timeout, so `bounded_queries` adds one with Django's own hook
(`connection.execute_wrapper`) and a SIGALRM timer (gunicorn's sync workers serve each
request in the process's main thread; psycopg 3 waits for the server in a loop that lets
Python signal handlers run, so the handler's exception ends the wait).
"""

import signal
import threading
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import OperationalError, connections

from .errors import is_outage, outage_page


class QueryDeadlineExceeded(OperationalError):
    """The database did not answer within the deadline; its connection has been closed."""


def _can_arm(seconds: float) -> bool:
    # signal.signal() works in the main thread only (threaded servers, live-server tests);
    # a timer someone else armed (a test runner's timeout) is left alone.
    return (
        seconds > 0
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


@contextmanager
def deadline(connection, seconds: float, what: str):
    """Raise QueryDeadlineExceeded if the block runs longer than `seconds`; the connection
    is then closed, because it is stuck mid-conversation and must never be reused."""
    if not _can_arm(seconds):
        yield
        return

    def expire(signum, frame):
        raise QueryDeadlineExceeded(
            f"the database did not answer {what} within {seconds:g} s (alias {connection.alias})"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    expired = False
    try:
        yield
    except QueryDeadlineExceeded:
        expired = True
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if expired:
            connection.close()


class QueryDeadline:
    """An execute wrapper: each query on `connection` ends within DATABASE_QUERY_DEADLINE."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        with deadline(self.connection, settings.DATABASE_QUERY_DEADLINE, "a query"):
            return execute(sql, params, many, context)


def check_kept_connection(connection) -> None:
    """Django's health check of a kept connection (CONN_HEALTH_CHECKS), within bounds.

    Django runs it lazily before the first query, with the driver's cursor, which no
    execute wrapper sees. Run here first, it may take as long as opening a connection
    (DATABASE_CONNECT_TIMEOUT); a connection that does not answer is closed, as Django
    closes one that fails the check, and the request's first query opens a new one.
    """
    if connection.connection is None:
        return
    try:
        with deadline(connection, settings.DATABASE_CONNECT_TIMEOUT, "the health check"):
            connection.close_if_health_check_failed()
    except QueryDeadlineExceeded:
        pass  # closed: the request's first query connects anew (or fails within bounds)


@contextmanager
def bounded_queries(aliases=None):
    """Within the block, every PostgreSQL query of these connections (default: all) ends
    within DATABASE_QUERY_DEADLINE seconds, however the server behaves."""
    with ExitStack() as stack:
        for alias in aliases or connections:
            connection = connections[alias]
            if connection.vendor != "postgresql" or not settings.DATABASE_QUERY_DEADLINE:
                continue
            check_kept_connection(connection)
            stack.enter_context(connection.execute_wrapper(QueryDeadline(connection)))
        yield


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bounded_queries():
            return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return outage_page(request, exception)
        return None
