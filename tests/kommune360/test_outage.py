"""A database that is away: 503 with Retry-After, one log line, typed input shown back."""

import logging
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from feedback.models import Contribution
from kommune360.outage import QueryDeadlineExceeded, deadline
from kommune360.settings import redis_cache
from tests.feedback.test_form import valid_data
from tests.helpers import spam_fields

from .test_deploy_check import production_env, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError(
            'connection to server at "db" failed: Connection refused\n\tIs it up?'
        )

    monkeypatch.setattr(CursorWrapper, "_execute", refuse)
    monkeypatch.setattr(CursorWrapper, "_executemany", refuse)
    return monkeypatch


def outage_records(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_public_page_database_down_answers_503_with_retry_after(client, database_down, caplog):
    response = client.get("/formate/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Kommune 360° ist gerade nicht erreichbar" in response.content.decode()
    assert not response.cookies


def test_public_page_database_down_logs_one_line_without_traceback(client, database_down, caplog):
    with caplog.at_level(logging.WARNING):
        client.get("/formate/")
    [record] = outage_records(caplog)
    assert record.exc_info is None
    message = record.getMessage()
    assert "GET /formate/" in message
    assert "Connection refused Is it up?" in message  # one line, whitespace collapsed


def test_form_post_database_down_shows_what_was_typed(client, database_down):
    data = {
        "kind": "hinweis",
        "name": "Kim Beispiel",
        "email": "kim@stadt.example",
        "text": "Zeile eins\n<script>alert(1)</script>",
        **spam_fields(),
    }
    response = client.post("/mitdenken/", data)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Ihre Eingaben sind nicht gespeichert" in html
    assert "kim@stadt.example" in html
    assert "Zeile eins<br>&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "form_started" not in html  # technical fields stay out


def test_public_page_database_back_answers_200_again(client, database_down):
    assert client.get("/formate/").status_code == 503
    database_down.undo()
    assert client.get("/formate/").status_code == 200


def test_unrelated_error_is_still_a_500(client, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(CursorWrapper, "_execute", broken)
    client.raise_request_exception = False
    assert client.get("/formate/").status_code == 500


# A real PostgreSQL server that is not there: a closed port, production settings.
CLOSED_PORT_PROBE = """
import time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path, data in (("/formate/", None), ("/mitdenken/", {"text": "Mein Hinweis", "name": "Kim"})):
    started = time.monotonic()
    if data:
        response = client.post(path, data)
    else:
        response = client.get(path)
    print(path, response.status_code, response.get("Retry-After"), round(time.monotonic() - started, 2))
    print("TYPED", "Mein Hinweis" in response.content.decode())
"""


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers, like a hung database host."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def probe_unreachable_database(port: int) -> subprocess.CompletedProcess:
    env = production_env(
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/kommune360",
    )
    # The production settings with plain static files (no collectstatic manifest here).
    env["DJANGO_SETTINGS_MODULE"] = "kommune360.settings_test"
    return run_python(["-c", CLOSED_PORT_PROBE], env)


def assert_two_fast_503s_with_one_line_each(result):
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("/formate/ 503 30 ")
    assert lines[2].startswith("/mitdenken/ 503 30 ")
    assert lines[3] == "TYPED True"
    # About 5 s at most: connect_timeout is 3 s (DATABASE_CONNECT_TIMEOUT).
    assert all(float(line.split()[-1]) < 5 for line in (lines[0], lines[2]))
    assert "Traceback" not in result.stderr
    log_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(log_lines) == 2, result.stderr
    assert all(line.startswith("Database unavailable, answered 503") for line in log_lines)


def test_closed_database_port_answers_503_fast_without_traceback():
    assert_two_fast_503s_with_one_line_each(probe_unreachable_database(9))


def test_hung_database_host_answers_503_within_five_seconds(silent_server):
    assert_two_fast_503s_with_one_line_each(probe_unreachable_database(silent_server))


# A database server that freezes (stopped process, TCP connection still open) behind a kept
# connection: a proxy in the probe forwards to the test database until told to go silent.
FROZEN_SERVER_PROBE = """
import os, socket, sys, threading, time

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
os.environ["DATABASE_URL"] = os.environ["UPSTREAM_URL"].replace("PROXY_PORT", str(listener.getsockname()[1]))
silence = {"all": False, "trigger": None}


def pump(source, target):
    while True:
        data = source.recv(65536)
        if not data:
            break
        trigger = silence["trigger"]
        if silence["all"] or (trigger and trigger in data):
            silence["all"] = True
            threading.Event().wait()  # stop forwarding, keep both sockets open
        target.sendall(data)


def accept():
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(("UPSTREAM_HOST", UPSTREAM_PORT))
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()

import django
django.setup()
from django.db import close_old_connections
from django.test import Client

client = Client(raise_request_exception=False)


def request(label):
    started = time.monotonic()
    # What the WSGI handler does when a request starts (the test client leaves it out):
    # a kept connection is to be health-checked before its next query.
    close_old_connections()
    response = client.get("/formate/")
    print(label, response.status_code, round(time.monotonic() - started, 2), flush=True)


request("warm")  # opens the connection that the next requests reuse (CONN_MAX_AGE)
silence["trigger"] = sys.argv[1].encode()  # goes silent once the client sends this
request("frozen")
request("still-frozen")
"""


def probe_frozen_server(freeze_on: str) -> list[list[str]]:
    from django.db import connection

    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    script = FROZEN_SERVER_PROBE.replace("UPSTREAM_HOST", db["HOST"] or "127.0.0.1").replace(
        "UPSTREAM_PORT", str(db["PORT"] or 5432)
    )
    env = production_env(
        DJANGO_ALLOWED_HOSTS="testserver",
        UPSTREAM_URL=f"postgres://{credentials}@127.0.0.1:PROXY_PORT/{db['NAME']}",
        # psycopg's shortest connect timeout; the query deadline follows by default
        # (statement timeout + 2 s = 5 s).
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_STATEMENT_TIMEOUT="3",
    )
    env["DJANGO_SETTINGS_MODULE"] = "kommune360.settings_test"
    # Without a client-side deadline the frozen request would wait for ever.
    result = subprocess.run(
        [sys.executable, "-c", script, freeze_on],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=25,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [line.split() for line in result.stdout.splitlines()]


@pytest.mark.postgres
def test_frozen_database_mid_query_answers_503_within_the_query_deadline():
    # The kept connection passes its health check (SELECT 1), then the page's first query
    # meets a server that never answers: the query deadline (5 s here) ends the wait.
    warm, frozen, still_frozen = probe_frozen_server("formats_")
    assert warm[:2] == ["warm", "200"]
    assert frozen[:2] == ["frozen", "503"]
    assert 5 <= float(frozen[2]) < 6
    # The stuck connection was closed, not reused: a new one times out on connecting (2 s).
    assert still_frozen[:2] == ["still-frozen", "503"]
    assert float(still_frozen[2]) < 3


@pytest.mark.postgres
def test_frozen_database_kept_connection_health_check_answers_503_within_bounds():
    # Frozen before the request: Django's own health check of the kept connection would
    # wait forever. Bounded by the connect timeout (2 s), the connection is closed, and the
    # new one times out on connecting (2 s): within the query deadline (5 s) + 1 s.
    warm, frozen, still_frozen = probe_frozen_server("SELECT 1")
    assert warm[:2] == ["warm", "200"]
    assert frozen[:2] == ["frozen", "503"]
    assert float(frozen[2]) < 6
    assert still_frozen[:2] == ["still-frozen", "503"]
    assert float(still_frozen[2]) < 3


class FakeConnection:
    alias = "default"
    closed = False

    def close(self):
        self.closed = True


def test_query_deadline_expired_closes_connection_and_disarms():
    connection = FakeConnection()
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(QueryDeadlineExceeded), deadline(connection, 0.2, "a query"):
        time.sleep(2)
    assert time.monotonic() - started < 1
    assert connection.closed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_query_deadline_kept_leaves_connection_open_and_disarms():
    connection = FakeConnection()
    with deadline(connection, 5, "a query"):
        pass
    assert not connection.closed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_query_deadline_outside_the_main_thread_arms_nothing():
    seen = []

    def run():
        with deadline(FakeConnection(), 0.1, "a query"):
            time.sleep(0.3)
        seen.append("finished")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == ["finished"]


def test_form_post_database_down_shows_german_labels_and_choice_names(client, database_down):
    data = {"kind": "hinweis", "name": "Kim Beispiel", "consent": "on", **spam_fields()}
    html = client.post("/mitdenken/", data).content.decode()
    assert "<dt>Ihr Name</dt><dd>Kim Beispiel</dd>" in html
    assert "<dt>Was möchten Sie uns mitteilen?</dt>" in html
    assert "<dd>hinweis</dd>" not in html  # the choice's name, not its value
    assert "<dt>Einwilligung zum Datenschutz</dt><dd>ja</dd>" in html
    assert "<dt>kind</dt>" not in html
    assert "<dt>consent</dt>" not in html


@pytest.mark.parametrize(
    "field", ["password", "passwort", "new_password1", "otp_token", "backup_code", "secret"]
)
def test_form_post_database_down_never_shows_secrets(client, database_down, field):
    data = {"name": "Kim Beispiel", field: "Geheim-4711", **spam_fields()}
    html = client.post("/mitdenken/", data).content.decode()
    assert "Kim Beispiel" in html
    assert "Geheim-4711" not in html


@pytest.mark.parametrize("path", ["/verwaltung/password_change/", "/verwaltung/offers/offer/add/"])
def test_admin_post_database_down_shows_nothing_typed(admin_client, database_down, path):
    data = {"old_password": "Geheim-4711", "new_password1": "Neu-0815", "title": "Interna"}
    response = admin_client.post(path, data)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Geheim-4711" not in html
    assert "Neu-0815" not in html
    assert "Interna" not in html
    assert "Ihre Eingaben sind nicht gespeichert" not in html


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}


def test_public_page_redis_down_answers_503_with_one_log_line(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/angebote/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Kommune 360° ist gerade nicht erreichbar" in response.content.decode()
    [record] = outage_records(caplog)
    assert record.exc_info is None
    assert record.getMessage().startswith("Cache (Redis) unavailable, answered 503 for GET")


def test_form_post_redis_down_shows_what_was_typed(client, redis_down):
    # A valid post: the rate limit counts in the cache and finds Redis away.
    response = client.post("/mitdenken/", valid_data(text="Mein Hinweis"))
    html = response.content.decode()
    assert response.status_code == 503
    assert "Ihre Eingaben sind nicht gespeichert" in html
    assert "Mein Hinweis" in html
    assert not Contribution.objects.exists()


@pytest.fixture
def hung_redis_port():
    """Accepts connections and never answers; after 10 s it resets them, so that a client
    without a timeout fails the test instead of hanging it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    reset = threading.Timer(10, listener.close)
    reset.start()
    yield listener.getsockname()[1]
    reset.cancel()
    listener.close()


def test_public_page_hung_redis_answers_503_within_its_timeout(client, settings, hung_redis_port):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{hung_redis_port}/0")}
    started = time.monotonic()
    response = client.get("/angebote/")
    assert response.status_code == 503
    assert time.monotonic() - started < settings.REDIS_TIMEOUT + 1
