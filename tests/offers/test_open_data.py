"""The open catalogue (offers/open_data): API, Atom feeds, CSV, sitemap, robots.txt, DCAT-AP.de."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from offers.models import OfferStatus, Principle

from .factories import OfferFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def catalogue_offers(db):
    now = timezone.now()
    made = [
        OfferFactory(
            title=f"Werkstatt {index}" if index % 2 else f"Seminar {index}",
            audiences=["fuehrungskraefte"] if index % 3 else ["fachkraefte"],
            published_at=now - datetime.timedelta(days=index),
            contact_name="Erika Muster",
            contact_email="erika@example.org",
            is_free=index % 2 == 0,
            cost_eur=None if index % 2 == 0 else 120,
        )
        for index in range(7)
    ]
    OfferFactory(title="Werkstatt Entwurf", status=OfferStatus.DRAFT)
    return made


# JSON API --------------------------------------------------------------------


def test_api_offer_list_without_filters_matches_catalogue_page(client, catalogue_offers, settings):
    settings.CATALOGUE_PAGE_SIZE = 3
    page = client.get("/angebote/", {"seite": 2}).context["page"]
    data = client.get("/api/v1/angebote/", {"seite": 2}).json()
    assert data["count"] == page.paginator.count == 7
    assert [o["slug"] for o in data["results"]] == [o.slug for o in page.object_list]
    assert data["next"].endswith("/api/v1/angebote/?seite=3")
    assert data["previous"].endswith("/api/v1/angebote/")
    assert data["next"].startswith(settings.SITE_URL)


def test_api_offer_list_with_filters_keeps_them_in_page_links(client, catalogue_offers, settings):
    settings.CATALOGUE_PAGE_SIZE = 1
    params = {"q": "Werkstatt", "zielgruppe": "fuehrungskraefte"}
    page = client.get("/angebote/", params).context["page"]
    data = client.get("/api/v1/angebote/", params).json()
    assert data["count"] == page.paginator.count
    assert [o["slug"] for o in data["results"]] == [o.slug for o in page.object_list]
    assert "q=Werkstatt" in data["next"] and "zielgruppe=fuehrungskraefte" in data["next"]


def test_api_offer_list_unknown_values_give_german_notes_not_errors(client, catalogue_offers):
    response = client.get(
        "/api/v1/angebote/", {"zielgruppe": "gibtsnicht", "seite": "x", "sortierung": "??"}
    )
    assert response.status_code == 200
    notes = " ".join(response.json()["notes"])
    assert "Den Filterwert „gibtsnicht“ gibt es nicht" in notes
    assert "Sortierung gibt es nicht" in notes


def test_api_offer_results_hold_no_personal_data(client, catalogue_offers):
    body = client.get("/api/v1/angebote/").content.decode()
    assert "erika@example.org" not in body
    assert "Erika Muster" not in body


def test_api_offer_detail_gives_facts_and_404_for_drafts(client, catalogue_offers):
    offer = catalogue_offers[1]
    data = client.get(f"/api/v1/angebote/{offer.slug}/").json()
    assert data["title"] == offer.title
    assert data["provider"]["name"] == offer.provider.name
    assert data["cost_eur"] == 120.0 and data["is_free"] is False
    assert data["page_url"].endswith(f"/angebote/{offer.slug}/")
    assert client.get("/api/v1/angebote/werkstatt-entwurf/").status_code == 404
    assert client.get("/api/v1/angebote/%C3%BC%3Cscript%3E/").status_code == 404


def test_api_vocabularies_count_like_the_catalogue_page(client, catalogue_offers):
    params = {"q": "Werkstatt"}
    facets = {f.param: f for f in client.get("/angebote/", params).context["facets"]}
    data = client.get("/api/v1/vokabulare/", params).json()
    assert set(data) >= {"leerstelle", "zielgruppe", "themenfeld", "art"}
    for param in ["zielgruppe", "themenfeld", "art"]:
        assert {e["slug"]: e["count"] for e in data[param]} == {
            o.value: o.count for o in facets[param].options
        }


def test_api_vocabularies_list_integrated_work_properties_with_counts(client, db):
    OfferFactory(participatory=True, needs_oriented=True)
    OfferFactory(participatory=True)
    data = client.get("/api/v1/vokabulare/").json()
    entries = {entry["slug"]: entry for entry in data["integriert"]}
    assert set(entries) == set(Principle.values)  # all five, also those without an offer
    assert entries["beteiligungsorientiert"]["count"] == 2
    assert entries["beteiligungsorientiert"]["name"] == Principle("beteiligungsorientiert").label
    assert entries["bedarfsorientiert"]["count"] == 1
    assert entries["wirkungsorientiert"]["count"] == 0
    # Counted like the catalogue page: a chosen property leaves its own counts alone.
    chosen = client.get("/api/v1/vokabulare/", {"integriert": "bedarfsorientiert"}).json()
    chosen_entries = {entry["slug"]: entry for entry in chosen["integriert"]}
    assert chosen_entries["bedarfsorientiert"]["selected"] is True
    assert chosen_entries["beteiligungsorientiert"]["count"] == 2


def test_api_list_query_count_does_not_grow_with_results(client, db, settings):
    settings.CATALOGUE_PAGE_SIZE = 30
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OfferFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/angebote/")
    for _ in range(29):
        OfferFactory(tags=["Scrum"])
    cache.clear()
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get("/api/v1/angebote/").json()["results"]) == 30
    assert len(thirty) == len(one)


def test_api_allows_any_origin_for_get_only(client, catalogue_offers):
    response = client.get("/api/v1/angebote/", HTTP_ORIGIN="https://intranet.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/angebote/",
        HTTP_ORIGIN="https://intranet.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/angebote/").status_code == 405
    # CORS is for the API only.
    page = client.get("/angebote/", HTTP_ORIGIN="https://intranet.example")
    assert "Access-Control-Allow-Origin" not in page


def test_api_rate_limit_answers_429(client, catalogue_offers, settings):
    from kommune360.api import api

    throttle = api.throttle[0]
    limit, throttle.limit = throttle.limit, 3
    try:
        cache.clear()
        codes = [client.get("/api/v1/vokabulare/").status_code for _ in range(5)]
    finally:
        throttle.limit = limit
    assert codes == [200, 200, 200, 429, 429]


def test_api_openapi_describes_every_operation_and_catalogue_parameter(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/angebote/",
        "/api/v1/angebote/{slug}/",
        "/api/v1/vokabulare/",
        "/api/v1/termine/",
    }
    names = {p["name"] for p in schema["paths"]["/api/v1/angebote/"]["get"]["parameters"]}
    assert {"q", "zielgruppe", "leerstelle", "themenfeld", "art", "kostenfrei", "seite"} <= names
    assert "get" in schema["paths"]["/api/v1/termine/"]


def test_api_documentation_page_lists_operations(client, db):
    response = client.get("/api/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "GET /api/v1/angebote/" in text
    assert "openapi.json" in text
    assert "keine personenbezogenen Angaben" in text


# Atom ------------------------------------------------------------------------


def feed_entries(response):
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_catalogue_feed_lists_filtered_offers_newest_first(client, catalogue_offers):
    response = client.get(
        "/angebote.atom", {"zielgruppe": "fuehrungskraefte", "sortierung": "titel"}
    )
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = feed_entries(response)
    expected = sorted(
        (o for o in catalogue_offers if o.audiences.filter(slug="fuehrungskraefte").exists()),
        key=lambda o: o.published_at,
        reverse=True,
    )
    assert [e.find(f"{ATOM}title").text for e in entries] == [o.title for o in expected]
    assert "Zielgruppe: Führungskräfte" in root.find(f"{ATOM}title").text
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/angebote/") or link.startswith("http")


def test_catalogue_page_links_feed_csv_and_alert_with_its_filters(client, catalogue_offers):
    text = client.get("/angebote/", {"zielgruppe": "fuehrungskraefte"}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Neue Angebote zu dieser '
        'Auswahl (Atom-Feed)" href="/angebote.atom?zielgruppe=fuehrungskraefte">' in text
    )
    assert 'href="/angebote.atom?zielgruppe=fuehrungskraefte" type="application/atom+xml"' in text
    assert 'href="/angebote.csv?zielgruppe=fuehrungskraefte"' in text
    assert 'href="/abo/neu/?zielgruppe=fuehrungskraefte"' in text


def test_sessions_feed_lists_upcoming_sessions(client, db):
    from tests.formats.factories import SessionFactory

    soon = SessionFactory(title="Netzwerke steuern")
    SessionFactory(
        title="Vorbei",
        start=timezone.now() - datetime.timedelta(days=2),
        end=timezone.now() - datetime.timedelta(days=2, hours=-1),
    )
    _root, entries = feed_entries(client.get("/formate/termine.atom"))
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert len(titles) == 1 and titles[0].startswith(soon.title)
    assert "geheim-123" not in client.get("/formate/termine.atom").content.decode()


def test_sessions_api_lists_only_sessions_with_free_seats(client, db):
    from tests.formats.factories import SessionFactory, make_registration

    free = SessionFactory(title="Frei", capacity=2)
    full = SessionFactory(title="Voll", capacity=1)
    make_registration(full, 0)
    make_registration(free, 1)
    data = client.get("/api/v1/termine/").json()
    assert [s["slug"] for s in data] == [free.slug]
    assert data[0]["seats_left"] == 1
    assert data[0]["start"].endswith(("+01:00", "+02:00"))
    assert "geheim-123" not in json.dumps(data)


# CSV -------------------------------------------------------------------------


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_catalogue_csv_has_every_result_in_page_order_for_excel(client, catalogue_offers, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    params = {"zielgruppe": "fuehrungskraefte", "sortierung": "titel"}
    response = client.get("/angebote.csv", params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kommune360-angebote-zielgruppe-')
    assert "sortierung" not in disposition and disposition.endswith('.csv"')
    rows = read_csv(response)
    heading, *offers = rows
    assert heading[:4] == ["Titel", "Kurzbeschreibung", "Beschreibung", "Anbieter:in"]
    assert "Kontakt-E-Mail" not in heading
    catalogue = client.get("/angebote/", params).context["catalogue"]
    assert [row[0] for row in offers] == [o.title for o in catalogue.results()]
    row = dict(zip(heading, offers[0], strict=True))
    assert row["Zielgruppen"] == "Führungskräfte"
    assert row["kostenfrei"] in {"ja", "nein"}


def test_catalogue_csv_cells_never_start_a_formula(client, db):
    OfferFactory(title='=HYPERLINK("http://evil")', summary="+49 30 1234", description="-x")
    heading, row = read_csv(client.get("/angebote.csv"))
    facts = dict(zip(heading, row, strict=True))
    assert facts["Titel"].startswith("'=")
    assert facts["Kurzbeschreibung"] == "'+49 30 1234"


# Sitemap, robots.txt, DCAT ---------------------------------------------------


def test_sitemap_lists_public_pages_and_offers_with_absolute_urls(
    client, catalogue_offers, settings
):
    settings.SITE_URL = "https://kommune360.example"
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {u.find(f"{ns}loc").text: u.find(f"{ns}lastmod") for u in root.iter(f"{ns}url")}
    assert "https://kommune360.example/angebote/" in locations
    assert "https://kommune360.example/leerstellen/" in locations
    assert "https://kommune360.example/datenschutz/" in locations
    offer_url = f"https://kommune360.example/angebote/{catalogue_offers[0].slug}/"
    assert locations[offer_url] is not None
    assert "https://kommune360.example/angebote/werkstatt-entwurf/" not in locations


def test_robots_txt_names_the_sitemap_and_keeps_private_links_out(client, settings):
    settings.SITE_URL = "https://kommune360.example"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://kommune360.example/sitemap.xml" in text
    assert "Disallow: /verwaltung/" in text
    assert "Disallow: /angebote/bearbeiten/" in text


def test_dcat_describes_the_catalogue_with_three_licensed_distributions(client, catalogue_offers):
    graph = Graph().parse(data=client.get("/opendata/dcat-ap.rdf").content, format="xml")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(catalogs) == 1 and len(datasets) == 1
    dataset = datasets[0]
    assert graph.value(dataset, DCTERMS.publisher) is not None
    assert graph.value(dataset, DCTERMS.modified) is not None
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 3
    for node in distributions:
        assert graph.value(node, DCTERMS.license) == URIRef(
            "http://dcat-ap.de/def/licenses/cc-by/4.0"
        )
        assert graph.value(node, DCAT.accessURL) is not None
    formats = {str(graph.value(node, DCTERMS.format)).rsplit("/", 1)[1] for node in distributions}
    assert formats == {"JSON", "CSV", "ATOM"}
    turtle = Graph().parse(data=client.get("/opendata/dcat-ap.ttl").content, format="turtle")
    assert len(turtle) == len(graph)


def test_dcat_licence_is_configurable(client, catalogue_offers, settings):
    settings.OPEN_DATA_LICENSE_URL = "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
    graph = Graph().parse(data=client.get("/opendata/dcat-ap.rdf").content, format="xml")
    assert set(graph.objects(None, DCTERMS.license)) == {
        URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")
    }


# Review findings ---------------------------------------------------------------


def test_csv_keeps_cents_and_names_files_with_german_spelling(client, db):
    OfferFactory(title="Teures Seminar", is_free=False, cost_eur="12345.67")
    response = client.get("/angebote.csv", {"q": "Führung über"})
    assert 'filename="kommune360-angebote-q-fuehrung-ueber-' in response["Content-Disposition"]
    heading, *rows = read_csv(client.get("/angebote.csv"))
    row = dict(zip(heading, rows[0], strict=True))
    assert row["Kosten (EUR)"] == "12345,67"
    assert row["Kennung"] and row["zuletzt geändert am"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/angebote/",
        "/api/v1/vokabulare/",
        "/api/v1/termine/",
        "/sitemap.xml",
        "/robots.txt",
        "/formate/termine.atom",
        "/angebote.atom",
        "/angebote.csv",
    ],
)
def test_open_data_urls_answer_head_like_get(client, catalogue_offers, url):
    assert client.head(url).status_code == 200


def test_api_head_operations_stay_out_of_the_openapi_description(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())


def test_api_errors_answer_in_german(client, catalogue_offers, settings):
    response = client.get("/api/v1/angebote/gibt-es-nicht/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_feeds_name_an_author_and_escape_summaries(client, db, settings):
    settings.OPEN_DATA_PUBLISHER = "Initiative Kommune 360°"
    OfferFactory(title="Kleine Gruppen", summary="Gruppen <10 Personen & mehr")
    for url in ("/angebote.atom", "/formate/termine.atom"):
        root = ET.fromstring(client.get(url).content)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "Initiative Kommune 360°"
    entry = ET.fromstring(client.get("/angebote.atom").content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Read as HTML, the summary gives back the plain text, not a broken tag.
    assert summary.text == "Gruppen &lt;10 Personen &amp; mehr"


def test_feed_redirect_is_permanent(client, db):
    response = client.get("/feed/?zielgruppe=fuehrungskraefte")
    assert response.status_code == 301
    assert response["Location"] == "/angebote.atom?zielgruppe=fuehrungskraefte"
