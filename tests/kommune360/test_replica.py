"""DATABASE_REPLICA_URL: public catalogue reads from the replica, every write to the primary.

The test settings add the alias "replica" as a TEST MIRROR of the test database (as the
production settings do when DATABASE_REPLICA_URL is set); these tests switch the router
on. Mirrors share committed data only, hence transactional tests.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from kommune360.replica import CatalogueReadsMiddleware, CatalogueReplicaRouter
from offers.models import Audience, Offer
from tests.conftest import reseed_reference_data
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _seeded():
    """Like every transactional test here: the flush after an earlier one took the seeded
    vocabularies (serialized rollback clashes with content types recreated by such a flush)."""
    if not Audience.objects.exists():
        reseed_reference_data()


OFFER_TABLE = '"offers_offer"'


@pytest.fixture
def router_on(settings):
    settings.DATABASE_ROUTERS = ["kommune360.replica.CatalogueReplicaRouter"]


def capture(client, method, path, **kwargs):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = getattr(client, method)(path, **kwargs)
    return response, [q["sql"] for q in replica], [q["sql"] for q in primary]


def test_replica_catalogue_page_reads_offers_from_the_replica(client, router_on):
    OfferFactory(title="Lean Coffee für Amtsleitungen")

    response, replica, primary = capture(client, "get", "/angebote/")

    assert response.status_code == 200
    assert "Lean Coffee für Amtsleitungen" in response.content.decode()
    assert any(OFFER_TABLE in sql for sql in replica)
    assert not any(OFFER_TABLE in sql for sql in primary)


def test_replica_offer_page_and_api_read_from_the_replica(client, router_on):
    offer = OfferFactory()

    detail, detail_replica, _ = capture(client, "get", f"/angebote/{offer.slug}/")
    api, api_replica, api_primary = capture(client, "get", "/api/v1/angebote/")

    assert detail.status_code == 200
    assert any(OFFER_TABLE in sql for sql in detail_replica)
    assert api.status_code == 200, api.content[:300]
    assert any(OFFER_TABLE in sql for sql in api_replica)
    assert not any(OFFER_TABLE in sql for sql in api_primary)


def test_replica_csv_export_streams_rows_from_the_replica(client, router_on):
    OfferFactory(title="Lean Coffee für Amtsleitungen")

    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/angebote.csv")
        # The rows are read while the response streams, after the view has returned.
        content = b"".join(response.streaming_content).decode("utf-8-sig")

    assert response.status_code == 200
    assert "Lean Coffee für Amtsleitungen" in content
    assert any(OFFER_TABLE in q["sql"] for q in replica)
    assert not any(OFFER_TABLE in q["sql"] for q in primary)


def test_replica_not_used_by_the_back_office(client, router_on):
    OfferFactory()
    client.force_login(User.objects.create_superuser("admin", password="lang-genug-2026"))

    response, replica, primary = capture(client, "get", "/verwaltung/offers/offer/")

    assert response.status_code == 200
    assert replica == []
    assert any(OFFER_TABLE in sql for sql in primary)


def test_replica_not_used_without_the_router(client):
    OfferFactory()

    response, replica, _ = capture(client, "get", "/angebote/")

    assert response.status_code == 200
    assert replica == []


def test_replica_writes_go_to_the_primary_even_during_a_catalogue_read(router_on):
    OfferFactory(title="Vorher")
    seen = {}

    def get_response(request):
        middleware.process_view(request, None, (), {})
        with CaptureQueriesContext(connections["replica"]) as replica:
            offer = Offer.objects.get()
            seen["read_from"] = offer._state.db
            offer.title = "Nachher"
            offer.save()
        seen["replica_sql"] = [q["sql"] for q in replica]
        return HttpResponse()

    middleware = CatalogueReadsMiddleware(get_response)
    request = RequestFactory().get("/angebote/")
    request.resolver_match = resolve("/angebote/")

    middleware(request)

    assert seen["read_from"] == "replica"
    assert seen["replica_sql"]
    assert all(sql.startswith("SELECT") for sql in seen["replica_sql"])  # reads only
    assert Offer.objects.using("default").get().title == "Nachher"
    assert (
        CatalogueReplicaRouter().db_for_read(Offer) == "default"
    )  # the mark ends with the request


def test_replica_never_migrated():
    router = CatalogueReplicaRouter()

    assert router.allow_migrate("default", "offers") is True
    assert router.allow_migrate("replica", "offers") is False


def settings_with(**variables) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_INSECURE_DEV_KEY="1", **variables)
    code = (
        "import json, kommune360.settings as s; "
        "print(json.dumps({'default': s.DATABASES['default'], 'replica': s.DATABASES['replica'], "
        "'routers': s.DATABASE_ROUTERS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    return json.loads(result.stdout)


def test_replica_settings_from_database_replica_url():
    data = settings_with(
        DATABASE_URL="postgres://k360@primary.example:5432/k360",
        DATABASE_REPLICA_URL="postgres://k360_read@replica.example:5432/k360",
    )
    assert data["replica"]["HOST"] == "replica.example"
    assert data["replica"]["USER"] == "k360_read"
    assert data["replica"]["TEST"] == {"MIRROR": "default"}
    assert data["replica"]["OPTIONS"]["connect_timeout"] == 3  # the same bounded waits
    assert data["routers"] == ["kommune360.replica.CatalogueReplicaRouter"]


def test_replica_settings_keep_each_database_url_own_options():
    data = settings_with(
        DATABASE_URL=(
            "postgres://k360@primary.example/k360?sslmode=require"
            "&options=-c%20search_path%3Dkommune360"
        ),
        DATABASE_REPLICA_URL=(
            "postgres://k360_read@replica.example/k360?sslmode=verify-full"
            "&sslrootcert=/etc/ssl/replica-ca.pem&connect_timeout=10"
        ),
    )
    primary, replica = data["default"]["OPTIONS"], data["replica"]["OPTIONS"]
    assert primary["sslmode"] == "require"
    assert primary["options"] == "-c statement_timeout=5000 -c search_path=kommune360"
    assert primary["connect_timeout"] == 3
    assert replica["sslmode"] == "verify-full"
    assert replica["sslrootcert"] == "/etc/ssl/replica-ca.pem"
    assert replica["connect_timeout"] == 10  # the URL's own value wins
    assert replica["tcp_user_timeout"] == 3000
    assert replica["options"] == "-c statement_timeout=5000"
