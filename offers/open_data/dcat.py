"""DCAT-AP.de metadata: the catalogue as an open dataset that GovData can harvest.

rdflib builds the graph and writes RDF/XML (what GovData's harvester reads)
and Turtle; the distributions are the API, the CSV and the Atom feed.
"""

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from kommune360.site_url import absolute
from offers.models import Offer

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(f"{EU}file-type/")
LANGUAGE_DE = URIRef(f"{EU}language/DEU")
THEME_GOVERNMENT = URIRef(f"{EU}data-theme/GOVE")
THEME_EDUCATION = URIRef(f"{EU}data-theme/EDUC")
ACCESS_PUBLIC = URIRef(f"{EU}access-right/PUBLIC")
FEDERAL_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocodingLevel/federal")


def url(name: str) -> str:
    return absolute(reverse(name))


def catalogue_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("dcatde", DCATDE),
        ("vcard", VCARD),
    ):
        graph.bind(prefix, namespace)

    visible = Offer.objects.visible()
    modified = visible.aggregate(latest=Max("updated_at"))["latest"]
    first = visible.order_by("published_at").values_list("published_at", flat=True).first()

    catalog = URIRef(url("open_data_dcat"))
    dataset = URIRef(url("offers:catalogue"))
    publisher = BNode("publisher")
    contact = BNode("contact")
    license_uri = URIRef(settings.OPEN_DATA_LICENSE_URL)

    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER)))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.TEAM_EMAIL}")))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Kommune 360° – offener Katalog", lang="de")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Unterstützungsangebote für kommunale Akteur:innen: Fortbildungen, "
                "Werkzeuge, Beratung und Austauschformate, geordnet nach Zielgruppen, "
                "Themenfeldern und den fünf Leerstellen integrierten Arbeitens.",
                lang="de",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.language, LANGUAGE_DE))
    graph.add((catalog, FOAF.homepage, URIRef(f"{settings.SITE_URL}/")))
    graph.add((catalog, DCAT.dataset, dataset))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("Unterstützungsangebote für Kommunen", lang="de")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Alle veröffentlichten Angebote des Katalogs mit Anbieter:in, Angebotsart, "
                "Zielgruppen, Themenfeldern, Leerstellen, Kosten, Durchführung und Link. "
                "Ohne personenbezogene Daten.",
                lang="de",
            ),
        )
    )
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCAT.landingPage, dataset))
    graph.add((dataset, DCAT.theme, THEME_GOVERNMENT))
    graph.add((dataset, DCAT.theme, THEME_EDUCATION))
    graph.add((dataset, DCTERMS.language, LANGUAGE_DE))
    graph.add((dataset, DCTERMS.accessRights, ACCESS_PUBLIC))
    graph.add((dataset, DCATDE.politicalGeocodingLevelURI, FEDERAL_LEVEL))
    for keyword in ("Kommunalverwaltung", "Fortbildung", "integriertes Arbeiten", "Beteiligung"):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
    if settings.OPEN_DATA_CONTRIBUTOR_ID:
        graph.add((dataset, DCATDE.contributorID, URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID)))
    if first:
        graph.add((dataset, DCTERMS.issued, Literal(first.isoformat(), datatype=XSD.dateTime)))
    if modified:
        graph.add((dataset, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))

    distributions = [
        (
            "api",
            "JSON-API (Version 1)",
            "Angebote mit den Filtern der Katalogseite, seitenweise; Beschreibung in OpenAPI 3.",
            f"{settings.SITE_URL}/api/v1/angebote/",
            "JSON",
            "application/json",
            f"{settings.SITE_URL}/api/v1/openapi.json",
        ),
        (
            "csv",
            "CSV-Export",
            "Alle Angebote als CSV (UTF-8 mit BOM, Semikolon als Trennzeichen).",
            url("catalogue_csv"),
            "CSV",
            "text/csv",
            None,
        ),
        (
            "atom",
            "Atom-Feed neuer Angebote",
            "Die zuletzt veröffentlichten Angebote, neueste zuerst.",
            url("catalogue_feed"),
            "ATOM",
            "application/atom+xml",
            None,
        ),
    ]
    for key, title, description, access, file_type, media_type, conforms in distributions:
        node = URIRef(f"{url('open_data_dcat')}#{key}")
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCTERMS.title, Literal(title, lang="de")))
        graph.add((node, DCTERMS.description, Literal(description, lang="de")))
        graph.add((node, DCAT.accessURL, URIRef(access)))
        if key != "api":
            graph.add((node, DCAT.downloadURL, URIRef(access)))
        graph.add((node, DCTERMS.format, FILE_TYPE[file_type]))
        graph.add(
            (
                node,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{media_type}"),
            )
        )
        graph.add((node, DCTERMS.license, license_uri))
        if conforms:
            graph.add((node, DCTERMS.conformsTo, URIRef(conforms)))
        if modified:
            graph.add(
                (node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime))
            )
    return graph
