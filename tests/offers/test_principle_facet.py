"""'Integriertes Arbeiten': the five principles as a catalogue facet, in the API and the CSV.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL: the counts are SQL.
"""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from offers.catalogue.query import Catalogue
from offers.models import PRINCIPLE_FIELDS, Offer, Principle

from .factories import OfferFactory
from .submission_helpers import SUBMIT_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def offers():
    """Five offers, one principle set each, plus one with none."""
    return {
        "alltag": OfferFactory(title="Alltag", everyday_practice=True, is_free=True),
        "alltag_wirkung": OfferFactory(
            title="Alltag und Wirkung",
            everyday_practice=True,
            impact_oriented=True,
            is_free=False,
            cost_eur=80,
        ),
        "wirkung": OfferFactory(title="Wirkung", impact_oriented=True),
        "ressort": OfferFactory(title="Ressort", cross_departmental=True, needs_oriented=True),
        "keins": OfferFactory(title="Keins"),
    }


def catalogue(query=""):
    return Catalogue(QueryDict(query))


def titles(cat):
    return sorted(cat.results().values_list("title", flat=True))


def facet_counts(cat, param="integriert"):
    view = next(facet for facet in cat.facets() if facet.param == param)
    return {option.value: option.count for option in view.options}


def test_principles_five_with_the_everyday_one():
    assert len(Principle.choices) == 5
    assert PRINCIPLE_FIELDS[Principle.EVERYDAY_PRACTICE] == "everyday_practice"
    offer = OfferFactory.build(everyday_practice=True, participatory=True)
    assert offer.principles == [
        ("beteiligungsorientiert", "beteiligungsorientiert"),
        ("im-alltag", "im Arbeitsalltag gelebt"),
    ]


def test_principle_facet_one_value_keeps_offers_with_it(offers):
    assert titles(catalogue("integriert=im-alltag")) == ["Alltag", "Alltag und Wirkung"]


def test_principle_facet_two_values_keeps_offers_with_either(offers):
    cat = catalogue("integriert=im-alltag&integriert=ressortuebergreifend")
    assert titles(cat) == ["Alltag", "Alltag und Wirkung", "Ressort"]
    assert cat.total == 3


def test_principle_facet_counts_offers_per_principle_without_a_selection(offers):
    assert facet_counts(catalogue()) == {
        "ressortuebergreifend": 1,
        "bedarfsorientiert": 1,
        "wirkungsorientiert": 2,
        "im-alltag": 2,
    }


def test_principle_facet_counts_ignore_own_selection_but_follow_other_filters(offers):
    cat = catalogue("integriert=im-alltag&kostenfrei=1")
    assert titles(cat) == ["Alltag"]
    # Its own selection left out, the free offers count: Alltag, Wirkung, Ressort, Keins.
    assert facet_counts(cat) == {
        "ressortuebergreifend": 1,
        "bedarfsorientiert": 1,
        "wirkungsorientiert": 1,
        "im-alltag": 1,
    }
    # The other facets count within the principle's selection.
    assert next(flag for flag in cat.flags() if flag["param"] == "kostenfrei")["count"] == 1


def test_principle_facet_selected_value_without_offers_still_shown(offers):
    counts = facet_counts(catalogue("integriert=beteiligungsorientiert"))
    assert counts["beteiligungsorientiert"] == 0


def test_principle_facet_unknown_value_ignored_with_german_note(offers):
    cat = catalogue("integriert=quer&integriert=im-alltag")
    assert titles(cat) == ["Alltag", "Alltag und Wirkung"]
    assert "Den Filterwert „quer“ gibt es nicht; er wurde ignoriert." in cat.notes


def test_principle_facet_chip_names_the_principle(offers):
    chips = catalogue("integriert=im-alltag").chips()
    assert [chip.label for chip in chips] == ["Integriertes Arbeiten: im Arbeitsalltag gelebt"]
    assert chips[0].remove_url == "?"


def test_principle_facet_adds_no_query(offers, client):
    def queries(query):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/angebote/?{query}").status_code == 200
        return len(captured)

    queries("")  # the first reader indexes the new offers
    assert queries("integriert=im-alltag&zielgruppe=fuehrungskraefte") == queries(
        "zielgruppe=fuehrungskraefte"
    )


def test_catalogue_page_shows_principle_checkboxes(offers, client):
    html = client.get("/angebote/?integriert=im-alltag").content.decode()
    assert "<legend>Integriertes Arbeiten</legend>" in html
    assert 'name="integriert" value="im-alltag" checked' in html
    assert 'name="integriert" value="wirkungsorientiert"' in html


def test_api_filters_by_principle_like_the_page(offers, client):
    data = client.get("/api/v1/angebote/?integriert=im-alltag&integriert=wirkungsorientiert").json()
    assert data["count"] == 3
    assert sorted(offer["title"] for offer in data["results"]) == [
        "Alltag",
        "Alltag und Wirkung",
        "Wirkung",
    ]
    everyday = next(offer for offer in data["results"] if offer["title"] == "Alltag")
    assert everyday["principles"] == [{"slug": "im-alltag", "name": "im Arbeitsalltag gelebt"}]


def test_api_description_lists_the_principle_values(client):
    parameters = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/angebote/"]["get"][
        "parameters"
    ]
    principle = next(p for p in parameters if p["name"] == "integriert")
    assert principle["schema"]["items"]["enum"] == list(Principle.values)


def test_csv_names_the_everyday_principle(offers, client):
    response = client.get("/angebote.csv?integriert=im-alltag")
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    heading, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    column = heading.index("Stärkt integriertes Arbeiten")
    assert sorted(row[column] for row in rows) == [
        "im Arbeitsalltag gelebt",
        "wirkungsorientiert, im Arbeitsalltag gelebt",
    ]


def test_offer_page_links_principles_to_the_analysis(offers, client):
    html = client.get(offers["alltag"].get_absolute_url()).content.decode()
    assert 'href="/analyse/#integriertes-arbeiten"' in html
    assert "im Arbeitsalltag gelebt" in html


def test_submission_everyday_principle_stored(client):
    response = client.post(SUBMIT_URL, form_data(principles=["im-alltag", "wirkungsorientiert"]))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.everyday_practice and offer.impact_oriented
    assert not offer.cross_departmental


def test_submission_unknown_principle_rejected_and_input_kept(client):
    response = client.post(
        SUBMIT_URL, form_data(principles=["im-alltag", "quer"], title="Mein Titel bleibt")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diesen Grundsatz gibt es nicht: quer" in html
    assert 'value="Mein Titel bleibt"' in html
    assert not Offer.objects.filter(title="Mein Titel bleibt").exists()
