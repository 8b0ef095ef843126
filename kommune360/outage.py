"""When the database is away: a German 503 page instead of a 500 with a traceback.

The settings bound how long a request waits for the database (connect_timeout,
statement_timeout, tcp_user_timeout); this middleware turns the resulting error into
kommune360.errors.database_unavailable: 503, Retry-After, one log line, and a posted
form shown back. Workers need no restart: Django closes a broken connection when the
request ends and checks a reused one before the next (CONN_HEALTH_CHECKS), so the
first request after the database returns gets a fresh connection.
"""

from .errors import database_unavailable, is_database_outage


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return database_unavailable(request, exception)
        return None
