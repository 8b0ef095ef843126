"""Production settings pass Django's deployment checks and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from kommune360.legal import FACTS

BASE_DIR = Path(settings.BASE_DIR)


def legal_env() -> dict:
    """Every required operator fact of the legal pages (kommune360/legal.py), filled in."""
    return {fact.variable: f"Wert für {fact.name}" for fact in FACTS.values() if fact.required}


def production_env(*, legal: bool = True, **overrides) -> dict:
    """A clean environment: nothing from the test run (test settings, dev key) leaks in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "TEST_DATABASE", "REDIS_", "EMAIL_", "LEGAL_")
        )
    }
    if legal:
        env.update(legal_env())
    env.update(DJANGO_SETTINGS_MODULE="kommune360.settings", **overrides)
    return {key: value for key, value in env.items() if value is not None}


def run_python(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "debug", [None, "0", "false"], ids=["debug-unset", "debug-0", "debug-false"]
)
def test_deploy_check_production_settings_reports_no_issues(debug):
    env = production_env(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kommune360.example",
        DJANGO_DEBUG=debug,
    )
    assert len(env["DJANGO_SECRET_KEY"]) >= 60
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_deploy_check_proxy_mode_with_redirect_at_the_proxy_reports_no_issues():
    env = production_env(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kommune360.example",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_deploy_check_redirect_off_without_proxy_is_reported():
    env = production_env(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kommune360.example",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_deploy_check_debug_on_is_reported():
    # The check really inspects the settings: DEBUG on in production is a warning.
    env = production_env(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kommune360.example",
        DJANGO_DEBUG="1",
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_deploy_check_legal_placeholders_left_is_reported():
    env = production_env(
        legal=False,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kommune360.example",
        LEGAL_OPERATOR_NAME="Kommune 360° e. V.",
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "kommune360.W001" in output
    assert "LEGAL_OPERATOR_STREET" in output
    assert "LEGAL_OPERATOR_NAME," not in output  # set, so not named


@pytest.mark.parametrize("secret", [None, ""], ids=["secret-unset", "secret-empty"])
def test_settings_import_without_secret_and_debug_off_stops_with_one_line(secret):
    env = production_env(DJANGO_SECRET_KEY=secret)
    result = run_python(["-c", "import kommune360.settings"], env)
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECURE_HSTS_SECONDS", "1 year"),
        ("DATABASE_CONN_MAX_AGE", "sixty"),
        ("EMAIL_PORT", "5x87"),
        ("CATALOGUE_PAGE_SIZE", "0"),
        ("FORMATS_RETENTION_MONTHS", "-3"),
        ("DJANGO_SECURE_SSL_REDIRECT", "maybe"),
        ("MAIL_DELIVERY", "sometimes"),
        ("DJANGO_LOG_LEVEL", "chatty"),
        ("DATABASE_QUERY_DEADLINE", "soon"),
        ("DATABASE_URL", "postgres://k360:Geheim-4711@db.example:five432/k360"),
        ("DATABASE_URL", "postgress://k360:Geheim-4711@db.example/k360"),
        ("DATABASE_REPLICA_URL", "postgres://k360:Geheim-4711@replica.example:x/k360"),
    ],
)
def test_settings_import_bad_env_value_stops_with_one_line_naming_it(name, value):
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **{name: value})
    result = run_python(["-c", "import kommune360.settings"], env)
    assert result.returncode == 1
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Geheim-4711" not in result.stderr  # a database URL's password stays out


def test_settings_import_log_level_in_lower_case_accepted():
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_LOG_LEVEL="debug")
    probe = "import kommune360.settings as s; print(s.LOGGING['root']['level'])"
    result = run_python(["-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG"


def test_settings_import_empty_hsts_seconds_means_default():
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_SECURE_HSTS_SECONDS="")
    probe = "import kommune360.settings as s; print(s.SECURE_HSTS_SECONDS)"
    result = run_python(["-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "31536000"
