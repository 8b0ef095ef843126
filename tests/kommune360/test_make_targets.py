"""The Makefile's local targets: links follow RUN_ADDR, the back office is named, a login is one line."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args):
    """What `make` would run (-n), with the virtualenv stamp taken as up to date (-o)."""
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.k360-runtime.stamp", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_points_links_to_run_addr_and_names_the_back_office():
    commands = dry_run("run", "RUN_ADDR=127.0.0.1:8101")
    assert "SITE_URL=http://127.0.0.1:8101" in commands
    assert "http://127.0.0.1:8101/verwaltung/" in commands
    assert "runserver 127.0.0.1:8101" in commands


def test_make_admin_creates_a_login_for_the_local_site():
    commands = dry_run("admin")
    assert "DJANGO_DEBUG=1" in commands
    assert "unset DATABASE_URL" in commands
    assert "manage.py createsuperuser" in commands
