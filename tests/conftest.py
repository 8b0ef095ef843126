"""Shared pytest set-up: Playwright on Debian's Chromium, PostgreSQL-only tests, live server."""

import os
from pathlib import Path

import pytest
from django.db import connection

# pytest-playwright drives the browser from an asyncio event loop in the test
# thread; Django refuses synchronous ORM calls there unless this is set. Only
# the test process reads it (live_server and browser tests need it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")

# Without the networking/update flags Debian's Chromium opens background
# connections on start-up, and connections to the live server get refused on
# our machines.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `postgres` when the test database is not PostgreSQL.

    `make test` runs them in its PostgreSQL stage. The production smoke test
    (`smoke`) finds its own server and is left alone.
    """
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres") and not item.get_closest_marker("smoke"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    """Launch Debian's /usr/bin/chromium instead of a Playwright-downloaded browser."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian: apt-get install chromium)."
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": not pytestconfig.getoption("--headed"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


DATA_STEPS = {"seed", "grant"}


def reseed_reference_data():
    """Run the project's data migrations again on the current database.

    Those are the RunPython operations named `seed` (vocabularies, format
    kinds, the catalogue version row) and `grant` (the team's permissions);
    all are idempotent (update_or_create / get_or_create). The others change
    the schema (indexes, triggers, storage), which a flush leaves in place.
    They run against the final migration state, so they see today's models
    without touching the real app registry.
    """
    from types import SimpleNamespace

    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    for app_label in ("offers", "formats", "feedback"):
        for key in sorted(key for key in loader.disk_migrations if key[0] == app_label):
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython) and operation.code.__name__ in DATA_STEPS:
                    operation.code(state_apps, editor)


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback):
    """The live server's base URL, for browser tests.

    live_server makes the test transactional, and the flush after such a test
    wipes the vocabularies, format kinds and the team group that data
    migrations seed. Serialized rollback should restore them, but under
    pytest-playwright's event loop Django may hand out another connection
    object without the serialized copy (seen when browser tests follow
    ordinary tests in one session), so the seed data is re-created when missing.
    """
    from offers.models import Audience

    if not Audience.objects.exists():
        reseed_reference_data()
    return live_server.url


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Django's test set-up swaps EMAIL_BACKEND for its locmem backend; put the outbox back,
    so that every test's mail takes the production path: queued, then delivered through
    MAILER_EMAIL_BACKEND (locmem in kommune360/settings_test.py)."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"


@pytest.fixture
def mail_server_down(settings):
    """The outbox keeps queueing, but every delivery fails until the test sets
    settings.MAILER_EMAIL_BACKEND back (see kommune360.mail)."""
    settings.MAILER_EMAIL_BACKEND = "tests.helpers.MailServerDown"
    return settings


@pytest.fixture
def pdf_libraries():
    """For tests that render a PDF: WeasyPrint needs Pango (scripts/lib.sh installs it).

    Without it such a test is skipped with the reason, and fails under CI=true.
    """
    from kommune360.pdf import PdfUnavailable, load_weasyprint

    try:
        load_weasyprint()
    except PdfUnavailable as problem:
        message = (
            f"WeasyPrint cannot load ({problem}); apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        )
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
