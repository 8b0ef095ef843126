"""Backups: the README's pg_dump / pg_restore procedure brings back the same platform.

Dumps the test database as the README's nightly job does, restores the dump into a fresh
database as the README's restore procedure does, and asks both databases the same
questions through the application: offers, registrations and search results. PostgreSQL
only (`make test` runs it in its PostgreSQL stage); without pg_dump it is skipped, under
CI=true it fails.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from formats.models import RegistrationStatus
from offers.models import Audience
from tests.conftest import reseed_reference_data
from tests.formats.factories import SessionFactory, make_registration
from tests.offers.factories import OfferFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded():
    """Like every transactional test here: the flush after an earlier one took the seeded
    vocabularies (serialized rollback clashes with content types recreated by such a flush)."""
    if not Audience.objects.exists():
        reseed_reference_data()


# Asked of each database in a separate process, through the application's own code.
SNAPSHOT = """
import json
from django.http import QueryDict
from formats.models import Registration
from offers.catalogue.query import Catalogue
from offers.models import Audience, Offer

def search(query):
    params = QueryDict(mutable=True)
    params["q"] = query
    ids = list(Catalogue(params).results().values_list("pk", flat=True))
    slugs = dict(Offer.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]

print(json.dumps({
    "offers": sorted(Offer.objects.values_list("slug", "title", "status", "provider__name")),
    "visible": sorted(Offer.objects.visible().values_list("slug", flat=True)),
    "registrations": sorted(
        Registration.objects.values_list("session__slug", "email", "status", "name")
    ),
    "search": {q: search(q) for q in ["lean coffee", "jugendhilfeplanung", "design thinking"]},
}))
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pg_tool(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version_key)
    found = candidates[-1] if candidates else shutil.which(name)
    if found is None:
        message = f"{name} is missing (Debian: apt-get install postgresql-client)"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return found


def version_key(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgresql://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def run(*command, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert result.returncode == 0, (
        f"{command[0]} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
    return result


def snapshot(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"TEST_DATABASE_NAME"}}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="kommune360.settings_test")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SNAPSHOT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_database():
    name = f"k360_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_backup_dump_restored_into_fresh_database_finds_the_same_data(tmp_path, fresh_database):
    lean = OfferFactory(
        title="Lean Coffee für Planungskräfte", summary="Kurze Runden ohne Tagesordnung."
    )
    design = OfferFactory(
        title="Design Thinking in der Jugendhilfeplanung", summary="Methoden für Planungsteams."
    )
    session = SessionFactory()
    make_registration(session, 1)
    make_registration(session, 2, status=RegistrationStatus.WAITING)
    source = database_url(connection.settings_dict["NAME"])
    before = snapshot(source)
    assert before["search"]["lean coffee"] == [lean.slug]
    assert design.slug in before["search"]["jugendhilfeplanung"]
    assert len(before["registrations"]) == 2

    # The README's nightly job, then its restore procedure.
    dump = tmp_path / "kommune360.dump"
    run(pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", source)
    restored = database_url(fresh_database)
    run(pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump))

    assert snapshot(restored) == before
