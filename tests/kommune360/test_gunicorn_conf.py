"""gunicorn.conf.py: the README's gunicorn command reads its values from the settings."""

import secrets
import subprocess
import sys
from pathlib import Path

from .test_deploy_check import BASE_DIR, production_env


def gunicorn_config(**env_overrides) -> subprocess.CompletedProcess:
    env = production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **env_overrides)
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--print-config",
            "kommune360.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def config_value(result, name: str) -> str:
    for line in result.stdout.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == name:
            return value.strip()
    raise AssertionError(f"{name} not in gunicorn's configuration:\n{result.stdout}")


def test_gunicorn_conf_reads_workers_timeout_and_bind_from_environment():
    result = gunicorn_config(
        GUNICORN_BIND="127.0.0.1:8101", GUNICORN_WORKERS="5", GUNICORN_TIMEOUT="20"
    )
    assert result.returncode == 0, result.stderr
    assert config_value(result, "bind") == "['127.0.0.1:8101']"
    assert config_value(result, "workers") == "5"
    assert config_value(result, "timeout") == "20"
    assert "%(M)sms" in config_value(result, "access_log_format")


def test_gunicorn_conf_two_instances_get_their_own_control_socket():
    first = config_value(gunicorn_config(GUNICORN_BIND="127.0.0.1:8101"), "control_socket")
    second = config_value(gunicorn_config(GUNICORN_BIND="127.0.0.1:8102"), "control_socket")
    assert first != second
    assert first.endswith("kommune360-127.0.0.1-8101.ctl")


def test_gunicorn_conf_bad_worker_count_stops_with_one_line():
    result = gunicorn_config(GUNICORN_WORKERS="drei")
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr
