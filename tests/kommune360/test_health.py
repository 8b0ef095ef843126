"""Health endpoints: liveness without the database, readiness with database and cache."""

import pytest
from django.db import OperationalError, connections
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_live_answers_ok_without_cookies_or_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/live", HTTP_HOST="10.0.0.7")  # probed by address
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_live_database_down_still_ok(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "_execute", raise_outage)
    assert client.get("/health/live").status_code == 200


def test_ready_database_and_cache_up_answers_ok(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert not response.cookies


def raise_outage(self, *args, **kwargs):
    raise OperationalError("connection refused")


def test_ready_database_down_answers_503(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "_execute", raise_outage)
    response = client.get("/health/ready")
    assert response.status_code == 503
    # The default cache lives in the database as well.
    assert "database: unavailable (OperationalError)" in response.content.decode()


def test_ready_cache_down_answers_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is away")

    monkeypatch.setattr("kommune360.health.cache.set", broken)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\ncache: unavailable (ConnectionError)\n"


def test_health_post_goes_to_the_normal_stack(client):
    assert client.post("/health/live").status_code == 404


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_ROUTERS = ["kommune360.replica.CatalogueReplicaRouter"]
    yield
    connections["replica"].close()  # its own connection to the test database (PostgreSQL)


@pytest.mark.django_db(databases=["default", "replica"])
def test_ready_with_replica_checks_it_too(client, with_replica):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\nreplica: ok\ncache: ok\n"


@pytest.mark.django_db(databases=["default", "replica"])
def test_ready_replica_down_answers_503(client, with_replica, monkeypatch):
    execute = CursorWrapper._execute

    def replica_away(self, *args, **kwargs):
        if self.db.alias == "replica":
            raise OperationalError("connection refused")
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(CursorWrapper, "_execute", replica_away)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content.decode() == (
        "database: ok\nreplica: unavailable (OperationalError)\ncache: ok\n"
    )
