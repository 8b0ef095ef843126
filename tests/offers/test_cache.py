"""Public pages for HTTP caches: ETag per catalogue version, 304, Cache-Control, Django's cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.catalogue import index
from offers.models import Gap, Offer, OfferStatus

from .factories import OfferFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def public_urls():
    offer = OfferFactory(title="Zwischenspeicher im Rathaus", gaps=["kommunalpolitik"])
    index.flush()
    gap = Gap.objects.get(slug="kommunalpolitik")
    return [
        "/angebote/",
        "/angebote/?q=Rathaus",
        offer.get_absolute_url(),
        "/leerstellen/",
        gap.get_absolute_url(),
    ]


def test_public_pages_carry_cache_control_and_an_etag_and_no_cookie(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert "max-age=60" in response["Cache-Control"], url
        assert response["ETag"].startswith('"'), url
        assert "Cookie" in response["Vary"], url  # a login must not see the copy from before
        assert not response.cookies, url


def test_public_pages_answer_304_to_their_etag(client):
    for url in public_urls():
        etag = client.get(url)["ETag"]
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
        assert response["ETag"] == etag
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_public_page_etag_changes_when_the_catalogue_changes(
    client, django_capture_on_commit_callbacks
):
    urls = public_urls()
    before = {url: client.get(url)["ETag"] for url in urls}
    with django_capture_on_commit_callbacks(execute=True):
        OfferFactory(title="Noch ein Angebot")
    for url in urls:
        response = client.get(url, headers={"If-None-Match": before[url]})
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]
    assert b"Noch ein Angebot" in client.get("/angebote/").content


def test_public_pages_answer_304_to_a_weak_etag(client):
    url = public_urls()[0]
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304


def test_any_etag_matches_only_a_page_that_exists(client):
    # If-None-Match: * (RFC 9110, 13.1.2): 304 for a page that is there, 404 for one that is not.
    for url in public_urls():
        assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304, url
    for url in ["/angebote/gibt-es-nicht/", "/leerstellen/gibt-es-nicht/"]:
        response = client.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == 404, url
        assert "public" not in response.get("Cache-Control", ""), url


def test_a_public_page_that_renews_a_cookie_is_not_for_shared_caches(client):
    # Django's CSRF middleware replaces a malformed token cookie on the way out; a proxy
    # must not hand that cookie to everyone.
    client.cookies["csrftoken"] = "not-a-token"
    response = client.get("/angebote/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_page_etag_changes_when_a_vocabulary_entry_is_added(
    client, django_capture_on_commit_callbacks
):
    from offers.models import Audience

    url = public_urls()[0]
    before = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        Audience.objects.create(name="Quartiersmanager:innen", slug="quartiersmanager-innen")
    response = client.get(url)
    assert response["ETag"] != before
    assert "Quartiersmanager:innen" in response.content.decode()


def test_public_page_with_a_pending_message_is_neither_cached_nor_public(client):
    from django.contrib.messages.storage.cookie import CookieStorage

    url = public_urls()[0]
    client.cookies[CookieStorage.cookie_name] = "whatever"
    response = client.get(url)
    assert "public" not in response.get("Cache-Control", "")
    del client.cookies[CookieStorage.cookie_name]
    assert "public" in client.get(url)["Cache-Control"]


def test_public_pages_answer_even_when_the_index_cannot_be_written(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from offers.catalogue import search

    urls = public_urls()

    def broken(offer_ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(search, "index_offers", broken)
    OfferFactory(title="Wartet auf den Index")  # noted, flushed by the readers below
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_public_page_cache_hit_reads_only_the_version(client):
    public_urls()
    client.get("/angebote/?q=Rathaus")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/angebote/?q=Rathaus")
    assert b"Zwischenspeicher im Rathaus" in response.content
    # The version, and the cache entry (the database cache; Redis is not SQL).
    assert len(queries) <= 2


def test_public_page_for_a_logged_in_person_is_not_public(client, django_user_model):
    public_urls()
    user = django_user_model.objects.create_user("team", password="x" * 12, is_staff=True)
    client.force_login(user)
    response = client.get("/angebote/")
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response


def test_public_page_etag_changes_when_a_post_is_published_on_a_gap(
    client, django_capture_on_commit_callbacks
):
    from tests.feedback.factories import ContributionFactory

    gap_url = public_urls()[-1]
    before = client.get(gap_url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        ContributionFactory(gap=Gap.objects.get(slug="kommunalpolitik"))
    assert client.get(gap_url)["ETag"] != before


SECOND_PROCESS = """
import json, re, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from offers.models import Offer, OfferStatus
setup_test_environment()
client = Client()

def found():  # the page may come from the shared cache, which keeps no template context
    content = client.get("/angebote/").content.decode()
    return int(re.search(r"(\\d+) Angebote? gefunden", content).group(1))

before = found()
offer = Offer.objects.get(slug="zweiter-prozess")
offer.status = OfferStatus.PUBLISHED
offer.save()
print(json.dumps([before, found()]))
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_publication_in_one_process_is_seen_by_another_at_once(client, seeded):
    """Two processes, one database and one shared cache: no stale page anywhere."""
    OfferFactory(title="Erstes Angebot")
    OfferFactory(title="Zweiter Prozess", slug="zweiter-prozess", status=OfferStatus.DRAFT)
    first = client.get("/angebote/")
    assert first.context["page"].paginator.count == 1
    assert client.get("/angebote/", headers={"If-None-Match": first["ETag"]}).status_code == 304

    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kommune360.settings_test",
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
            f"/{settings_dict['NAME']}"
        ),
    }
    result = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [1, 2]

    response = client.get("/angebote/", headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    # Rendered by the second process and taken from the shared cache, or rendered here.
    assert "2 Angebote gefunden" in response.content.decode()
    assert Offer.objects.filter(status=OfferStatus.PUBLISHED).count() == 2


def test_facet_counts_are_kept_per_selection_for_every_page_and_order(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CATALOGUE_PAGE_SIZE = 2
    for number in range(5):
        OfferFactory(title=f"Angebot {number}", gaps=["kommunalpolitik"])
    index.flush()
    client.get("/angebote/?leerstelle=kommunalpolitik")
    with CaptureQueriesContext(connection) as first:
        client.get("/angebote/?leerstelle=kommunalpolitik&seite=2&sortierung=titel")
    statements = " ".join(query["sql"] for query in first.captured_queries)
    assert "f_param" not in statements  # the counts came from the cache
    assert "key_art" not in statements
