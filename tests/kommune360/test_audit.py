"""make audit (scripts/audit.py): pip-audit where a vulnerability database answers, and a
plain "not checked" with exit code 3 where none does."""

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit.py"


def load_audit():
    spec = importlib.util.spec_from_file_location("k360_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def audit():
    return load_audit()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def fake_database():
    """A local HTTP server that answers every GET with (status, JSON body) set by the test."""
    answer = {"status": 200, "body": {}}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            payload = json.dumps(answer["body"]).encode()
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    answer["url"] = f"http://127.0.0.1:{server.server_port}/pypi/{{name}}/{{version}}/json"
    yield answer
    server.shutdown()


@pytest.mark.parametrize("service", ["pypi", "osv"])
def test_audit_no_database_reachable_says_so_and_exits_3(service):
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = {
        "PATH": "/usr/bin:/bin",
        "HTTPS_PROXY": proxy,
        "HTTP_PROXY": proxy,
        "https_proxy": proxy,
        "http_proxy": proxy,
        "AUDIT_SERVICE": service,
        "AUDIT_TIMEOUT": "3",
    }

    result = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )

    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "no vulnerability database is reachable" in output
    assert "NOT checked" in output
    assert "no known vulnerabilities" not in output.lower()


def test_audit_database_without_advisories_is_not_trusted(audit, fake_database, monkeypatch):
    monkeypatch.setitem(audit.SERVICES, "pypi", fake_database["url"])
    fake_database["body"] = {"info": {}, "vulnerabilities": []}

    problem = audit.database_problem("pypi", timeout=5)

    assert "cannot be trusted" in problem


def test_audit_database_answering_404_is_a_problem(audit, fake_database, monkeypatch):
    monkeypatch.setitem(audit.SERVICES, "pypi", fake_database["url"])
    fake_database["status"] = 404

    assert "HTTP 404" in audit.database_problem("pypi", timeout=5)


def test_audit_database_with_advisories_is_reachable(audit, fake_database, monkeypatch):
    monkeypatch.setitem(audit.SERVICES, "pypi", fake_database["url"])
    fake_database["body"] = {"vulnerabilities": [{"id": "PYSEC-2021-9"}]}

    assert audit.database_problem("pypi", timeout=5) is None


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


def test_audit_verdict_all_checked_none_affected_exits_0(audit):
    code, lines = audit.verdict(report({"name": "django", "version": "5.2", "vulns": []}), "pypi")

    assert code == 0
    assert "All 1 packages" in lines[-1]


def test_audit_verdict_vulnerability_listed_exits_1(audit):
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["5.2.20"], "description": ""}
    code, lines = audit.verdict(
        report(
            {"name": "django", "version": "5.2.19", "vulns": [vuln]},
            {"name": "segno", "version": "1.6.6", "vulns": []},
        ),
        "pypi",
    )

    assert code == 1
    assert "VULNERABLE django 5.2.19: GHSA-xxxx (fixed in 5.2.20)" in lines


@pytest.mark.parametrize(
    "dependencies",
    [
        [{"name": "django", "skip_reason": "Dependency not found on PyPI"}],
        [
            {"name": "django", "version": "5.2", "vulns": []},
            {"name": "segno", "skip_reason": "Dependency not found on PyPI"},
        ],
        [],
    ],
)
def test_audit_verdict_unchecked_packages_never_clean(audit, dependencies):
    code, lines = audit.verdict(report(*dependencies), "pypi")

    assert code == 3
    assert "NOT a clean result" in lines[-1]
    assert "no known vulnerabilities" not in "\n".join(lines).lower()


def test_audit_connection_lost_during_pip_audit_exits_3(audit, monkeypatch, capsys):
    monkeypatch.setattr(audit, "database_problem", lambda service, timeout: None)
    monkeypatch.setattr(
        audit,
        "run_pip_audit",
        lambda service, timeout: (1, None, "requests.exceptions.ConnectionError: Max retries"),
    )

    assert audit.main() == 3
    assert "NOT checked" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_audit_runs_the_script():
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.k360-dev.stamp", "audit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "scripts/audit.py" in result.stdout


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_audit_bad_timeout_stops_with_one_line(value):
    env = {"PATH": "/usr/bin:/bin", "AUDIT_TIMEOUT": value}

    result = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"make audit: AUDIT_TIMEOUT must be a number of seconds above 0, not {value!r}"
    ]
