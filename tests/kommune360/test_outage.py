"""A database that is away: 503 with Retry-After, one log line, typed input shown back."""

import logging
import socket
import subprocess

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

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
