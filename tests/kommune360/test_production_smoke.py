"""Production smoke test: DEBUG off, collectstatic, gunicorn and whitenoise on PostgreSQL.

Runs the real deployment steps in subprocesses with the production settings
(kommune360.settings, not the test settings), against a fresh PostgreSQL
database that it creates and drops. The server is the one DATABASE_URL points
to, or 127.0.0.1:5432 (user postgres, no password). Under CI=true a missing
server fails the test instead of skipping it.
"""

import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import brotli
import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from kommune360.legal import FACTS

pytestmark = [pytest.mark.smoke, pytest.mark.postgres]

BASE_DIR = Path(settings.BASE_DIR)
BIN_DIR = Path(sys.executable).parent  # .venv/bin when run through .venv/bin/pytest
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ONE_YEAR = 365 * 24 * 3600
API_LIMIT = 6

# Settings the caller's environment must not leak into the production run.
LEAKY_ENV = {"DATABASE_URL", "TEST_DATABASE_NAME", "REDIS_URL", "DATABASE_CONN_MAX_AGE"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return DEFAULT_SERVER_URL


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in LEAKY_ENV
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kommune360.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    # A production site has its operator's facts on the legal pages (check --deploy).
    env.update({fact.variable: f"Wert für {fact.name}" for fact in FACTS.values() if fact.required})
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    """GET without any client-side decoding: (status, headers, raw body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def smoke_database_url():
    url = server_url()
    name = f"k360_smoke_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"no PostgreSQL server for the smoke test at {urlsplit(url).netloc}: {exc}"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield with_database(url, name)
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="module")
def deployment(smoke_database_url, tmp_path_factory):
    """Deploy as the README says: migrate and collectstatic; yields (env, workdir, STATIC_ROOT)."""
    workdir = tmp_path_factory.mktemp("production")
    static_root = workdir / "static"
    env = production_env(
        DATABASE_URL=smoke_database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        # Plain HTTP on 127.0.0.1: no TLS proxy in front of gunicorn here.
        DJANGO_SECURE_SSL_REDIRECT="0",
        # Small, so that the test of a limit shared by two instances stays short.
        API_RATE_LIMIT=str(API_LIMIT),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    return env, workdir, static_root


@contextlib.contextmanager
def running_gunicorn(env: dict[str, str], workdir: Path, name: str):
    """Start one gunicorn instance with the repository's gunicorn.conf.py; yield its port."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_CONTROL_SOCKET": str(workdir / f"gunicorn-{name}.ctl"),
    }
    log_path = workdir / f"gunicorn-{name}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(BIN_DIR / "gunicorn"), "-c", "gunicorn.conf.py", "kommune360.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def server_log() -> str:
        return log_path.read_text(errors="replace")[-4000:]

    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn {name} exited with {server.returncode}:\n{server_log()}")
            try:
                fetch(port, "/impressum/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn {name} did not answer within 60 s:\n{server_log()}")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def gunicorn_site(deployment):
    """One gunicorn instance as the README starts it; yields (port, STATIC_ROOT)."""
    env, workdir, static_root = deployment
    with running_gunicorn(env, workdir, "a") as port:
        yield port, static_root


@pytest.fixture(scope="module")
def gunicorn_twin(deployment, gunicorn_site):
    """A second instance on the same database (another port and control socket): the
    set-up of two hosts behind one load balancer. Yields (port A, port B)."""
    env, workdir, _ = deployment
    with running_gunicorn(env, workdir, "b") as port:
        yield gunicorn_site[0], port


@pytest.mark.parametrize("path", ["/", "/angebote/"])
def test_public_page_under_gunicorn_returns_200_without_cookie(gunicorn_site, path):
    port, _ = gunicorn_site

    status, headers, body = fetch(port, path)

    assert status == 200, body[:2000].decode(errors="replace")
    assert headers["Content-Type"].startswith("text/html")
    assert b"Kommune 360" in body
    # Anonymous browsing sets no cookie at all (no banner needed).
    assert headers.get_all("Set-Cookie") is None


def test_security_headers_under_gunicorn_forbid_inline_code(gunicorn_site):
    port, _ = gunicorn_site

    status, headers, _ = fetch(port, "/")

    assert status == 200
    csp = headers.get("Content-Security-Policy")
    assert csp, "no Content-Security-Policy header"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert re.search(r"(^|;)\s*default-src 'self'", csp), csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") == "DENY"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_static_file_hashed_name_served_compressed_and_cached_for_long(gunicorn_site, encoding):
    port, static_root = gunicorn_site
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed), hashed

    status, headers, body = fetch(
        port, f"{settings.STATIC_URL}{hashed}", {"Accept-Encoding": encoding}
    )

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers.get("Content-Encoding") == encoding
    decoded = gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)
    assert decoded == (static_root / hashed).read_bytes()
    cache_control = headers.get("Cache-Control", "")
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age and int(max_age.group(1)) >= ONE_YEAR, cache_control
    assert "immutable" in cache_control


def test_static_file_unhashed_name_not_cached_for_long(gunicorn_site):
    port, _ = gunicorn_site

    status, headers, _ = fetch(port, f"{settings.STATIC_URL}css/site.css")

    assert status == 200
    assert "immutable" not in headers.get("Cache-Control", "")


def test_check_deploy_under_production_settings_reports_no_warnings():
    # The real production defaults: no SSL-redirect override, secret from the environment.
    result = manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")

    assert "no issues" in result.stdout


# --- Two instances on one database behave as one -------------------------------------------

TEAM_USER = "smoke-team"
TEAM_PASSWORD = "Zwei-Instanzen-ein-Katalog-2026"
OFFER_SLUG = "zwei-instanzen-ein-katalog"
OFFER_TITLE = "Zwei Instanzen, ein Katalog"

SETUP = """
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from offers.models import Delivery, Offer, OfferStatus, OfferType, Provider

user = User.objects.create_superuser({user!r}, password={password!r})
TOTPDevice.objects.create(user=user, name="App", key={key!r}, confirmed=True)
provider = Provider.objects.create(name="Smoke-Anbieterin", slug="smoke-anbieterin", is_approved=True)
Offer.objects.create(
    title={title!r}, slug={slug!r}, summary="Ein Angebot, das auf Instanz A veröffentlicht wird.",
    provider=provider, offer_type=OfferType.objects.order_by("pk").first(),
    delivery=Delivery.DIGITAL_LIVE, status=OfferStatus.SUBMITTED,
)
"""


class Visitor:
    """A browser, reduced to what the test needs: cookies (also Secure ones: plain HTTP on
    127.0.0.1 here), CSRF tokens from forms, no redirects followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, text

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, form, token_from=None):
        _, _, page = self.get(port, token_from or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(port, "POST", path, {**form, "csrfmiddlewaretoken": token})


def current_totp(key_hex: str) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


@pytest.fixture(scope="module")
def team_and_submitted_offer(deployment):
    env, _, _ = deployment
    key = secrets.token_hex(20)
    manage(
        env,
        "shell",
        "-c",
        SETUP.format(
            user=TEAM_USER, password=TEAM_PASSWORD, key=key, title=OFFER_TITLE, slug=OFFER_SLUG
        ),
    )
    return key


def test_two_instances_publication_on_one_visible_on_the_other(
    gunicorn_twin, team_and_submitted_offer
):
    port_a, port_b = gunicorn_twin
    assert fetch(port_b, f"/angebote/{OFFER_SLUG}/")[0] == 404
    team = Visitor()

    # The team logs in on A: the password alone is not enough without DEBUG.
    status, headers, _ = team.post(
        port_a, "/verwaltung/login/", {"username": TEAM_USER, "password": TEAM_PASSWORD}
    )
    assert status == 302, headers
    status, headers, _ = team.get(port_a, "/verwaltung/offers/offer/")
    assert status == 302
    assert headers["Location"].startswith("/verwaltung/zweiter-faktor/")
    status, headers, body = team.post(
        port_a,
        "/verwaltung/zweiter-faktor/",
        {"code": current_totp(team_and_submitted_offer), "next": "/verwaltung/offers/offer/"},
    )
    assert status == 302, body[:2000]

    # The session from A holds on B too: sessions live in the shared database.
    assert team.get(port_b, "/verwaltung/")[0] == 200

    status, _, page = team.get(port_a, "/verwaltung/offers/offer/")
    offer_pk = re.search(r'name="_selected_action" value="(\d+)"', page).group(1)
    status, _, body = team.post(
        port_a,
        "/verwaltung/offers/offer/",
        {"action": "publish_selected", "_selected_action": [offer_pk], "index": "0"},
    )
    assert status == 302, body[:2000]

    status, _, detail = fetch(port_b, f"/angebote/{OFFER_SLUG}/")
    _, _, catalogue = fetch(port_b, "/angebote/?q=instanzen")
    assert status == 200
    assert OFFER_TITLE in detail.decode()
    assert OFFER_TITLE in catalogue.decode()


def test_two_instances_share_one_rate_limit(gunicorn_twin):
    port_a, port_b = gunicorn_twin

    statuses = [
        fetch(port_a if n % 2 == 0 else port_b, "/api/v1/angebote/")[0]
        for n in range(API_LIMIT + 4)
    ]

    assert statuses == [200] * API_LIMIT + [429] * 4
