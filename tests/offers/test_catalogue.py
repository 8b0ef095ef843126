import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offers.catalogue import index
from offers.models import Offer, OfferStatus, OfferType, RegionScope, State

from .factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def titles(response):
    return [offer.title for offer in response.context["page"].object_list]


def facet(response, param):
    return {o.value: o for f in response.context["facets"] if f.param == param for o in f.options}


def test_catalogue_unfiltered_lists_only_visible_offers(client):
    OfferFactory(title="Sichtbar")
    OfferFactory(title="Entwurf", status=OfferStatus.DRAFT)
    OfferFactory(title="Eingereicht", status=OfferStatus.SUBMITTED)
    OfferFactory(title="Archiviert", status=OfferStatus.ARCHIVED)
    OfferFactory(title="Abgelaufen", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    OfferFactory(title="Heute noch gültig", valid_until=timezone.localdate())
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Heute noch gültig", "Sichtbar"]
    assert response.context["page"].paginator.count == 2


def test_catalogue_facet_counts_ignore_invisible_offers(client):
    OfferFactory(gaps=["kommunalpolitik"])
    OfferFactory(gaps=["kommunalpolitik"], status=OfferStatus.DRAFT)
    response = client.get(URL)
    assert facet(response, "leerstelle")["kommunalpolitik"].count == 1


def test_catalogue_audience_filter_is_or_within_and_across_facets(client):
    OfferFactory(title="A", audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    OfferFactory(title="B", audiences=["fachkraefte"], gaps=["kommunalpolitik"])
    OfferFactory(title="C", audiences=["planungskraefte"], gaps=["kommunalpolitik"])
    OfferFactory(title="D", audiences=["fuehrungskraefte"], gaps=["interdisziplinaer-lernen"])
    response = client.get(
        URL + "?zielgruppe=fuehrungskraefte&zielgruppe=fachkraefte&leerstelle=kommunalpolitik"
    )
    assert sorted(titles(response)) == ["A", "B"]


def test_catalogue_facet_counts_use_other_active_filters(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    OfferFactory(audiences=["fachkraefte"], gaps=["kommunalpolitik"])
    OfferFactory(audiences=["fachkraefte"], gaps=["interdisziplinaer-lernen"])
    response = client.get(URL + "?zielgruppe=fuehrungskraefte")
    audiences = facet(response, "zielgruppe")
    # Own facet: counts as if it were not filtered, so alternatives stay visible.
    assert audiences["fuehrungskraefte"].count == 1
    assert audiences["fachkraefte"].count == 2
    assert audiences["fuehrungskraefte"].selected
    # Other facets: restricted by the audience filter.
    gaps = facet(response, "leerstelle")
    assert gaps["kommunalpolitik"].count == 1
    assert gaps["interdisziplinaer-lernen"].count == 0


def test_catalogue_flags_filter_free_without_application_and_travel(client):
    OfferFactory(title="Passt")
    OfferFactory(title="Kostet", is_free=False, cost_eur=120)
    OfferFactory(title="Antrag", application_required=True)
    OfferFactory(title="Reise", travel_required=True)
    response = client.get(URL + "?kostenfrei=1&ohne_antrag=1&ohne_reise=1")
    assert titles(response) == ["Passt"]
    flags = {flag["param"]: flag for flag in response.context["flags"]}
    assert flags["kostenfrei"]["checked"]
    assert flags["kostenfrei"]["count"] == 1


def test_catalogue_delivery_region_type_and_tag_filters(client):
    OfferFactory(
        title="NRW hybrid",
        delivery="hybrid",
        region_scope=RegionScope.STATE,
        state=State.NW,
        tags=["Kanban"],
    )
    OfferFactory(title="Bund digital", tags=["Scrum"])
    OfferFactory(
        title="Köln",
        region_scope=RegionScope.MUNICIPALITY,
        state=State.NW,
        municipality="Köln",
        offer_type=OfferType.objects.get(slug="beratung"),
    )
    assert titles(client.get(URL + "?durchfuehrung=hybrid")) == ["NRW hybrid"]
    assert sorted(titles(client.get(URL + "?region=nordrhein-westfalen"))) == ["Köln", "NRW hybrid"]
    assert titles(client.get(URL + "?region=bundesweit")) == ["Bund digital"]
    assert titles(client.get(URL + "?tag=kanban")) == ["NRW hybrid"]
    assert titles(client.get(URL + "?art=beratung")) == ["Köln"]


def test_catalogue_unknown_slugs_are_ignored_with_a_message(client):
    OfferFactory(title="A", audiences=["fuehrungskraefte"])
    OfferFactory(title="B", audiences=["fachkraefte"])
    response = client.get(URL + "?zielgruppe=gibtsnicht&zielgruppe=fachkraefte&tag=unbekannt")
    assert response.status_code == 200
    assert titles(response) == ["B"]
    content = response.content.decode()
    assert "Den Filterwert „gibtsnicht“ gibt es nicht" in content
    assert "„unbekannt“" in content


def test_catalogue_only_unknown_slugs_show_everything(client):
    OfferFactory(title="A")
    response = client.get(URL + "?leerstelle=%3Cscript%3E&durchfuehrung=mondflug&region=atlantis")
    assert response.status_code == 200
    assert titles(response) == ["A"]
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "1.5", "", "%00"])
def test_catalogue_bad_page_numbers_land_on_a_valid_page(client, page, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for _ in range(5):
        OfferFactory()
    response = client.get(URL + f"?seite={page}")
    assert response.status_code == 200
    assert 1 <= response.context["page"].number <= 3
    assert len(response.context["page"].object_list) >= 1


def test_catalogue_out_of_range_page_shows_last_page(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for _ in range(5):
        OfferFactory()
    response = client.get(URL + "?seite=999")
    assert response.context["page"].number == 3
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_catalogue_overlong_query_is_cut_and_markup_shown_as_text(client):
    response = client.get(URL, {"q": "<b>x</b>" + "y" * 1000})
    assert response.status_code == 200
    assert len(response.context["catalogue"].query) == 200
    assert b"<b>x</b>" not in response.content
    assert "gekürzt" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00\x01\x1f"},
        {"q": "'; DROP TABLE offers_offer; --"},
        {"q": "a & b | !c:* <-> ("},
        {"q": "ÄÖÜß ☃ 🙂"},
        {"sortierung": "<x>"},
        {"sortierung": "relevanz"},
        {"kostenfrei": "vielleicht"},
        {"zielgruppe": ["x"] * 500},
    ],
)
def test_catalogue_hostile_input_never_fails(client, params):
    OfferFactory(title="Beteiligung gestalten")
    response = client.get(URL, params)
    assert response.status_code == 200


def test_catalogue_search_finds_umlaut_spelling_variants(client):
    # Both for Fachkräfte: the audience "Führungskräfte" would match too.
    OfferFactory(title="Führung im Wandel", summary="Für Leitungen.", audiences=["fachkraefte"])
    OfferFactory(title="Anderes Thema", audiences=["fachkraefte"])
    for query in ["Führung", "fuehrung", "FUEHRUNG", "Führ", "Fuehrung im Wandel"]:
        assert titles(client.get(URL, {"q": query})) == ["Führung im Wandel"], query


def test_catalogue_search_finds_eszett_variants(client):
    OfferFactory(title="Straßensozialarbeit vernetzen")
    assert titles(client.get(URL, {"q": "strassensozialarbeit"})) == [
        "Straßensozialarbeit vernetzen"
    ]
    assert titles(client.get(URL, {"q": "Straßen"})) == ["Straßensozialarbeit vernetzen"]


def test_catalogue_search_covers_description_provider_and_tags(client):
    OfferFactory(title="Eins", description="Wir arbeiten mit Sozialraumanalysen.")
    OfferFactory(title="Zwei", provider__name="Musterinstitut Nord")
    OfferFactory(title="Drei", tags=["Design Thinking"])
    assert titles(client.get(URL, {"q": "sozialraumanalysen"})) == ["Eins"]
    assert titles(client.get(URL, {"q": "Musterinstitut"})) == ["Zwei"]
    assert titles(client.get(URL, {"q": "design thinking"})) == ["Drei"]


def test_catalogue_search_requires_every_word(client):
    OfferFactory(title="Netzwerkkoordination in der Kommune")
    OfferFactory(title="Netzwerk für Jugendhilfe")
    assert titles(client.get(URL, {"q": "Netzwerk Kommune"})) == [
        "Netzwerkkoordination in der Kommune"
    ]


def test_catalogue_search_ranks_title_over_description(client, django_db_setup):
    from django.db import connection

    OfferFactory(title="Anderes", description="Hier geht es auch um Beteiligung.")
    OfferFactory(title="Beteiligung planen", description="Methoden.")
    found = titles(client.get(URL, {"q": "Beteiligung"}))
    assert set(found) == {"Anderes", "Beteiligung planen"}
    if connection.vendor == "postgresql":
        assert found[0] == "Beteiligung planen"


def test_catalogue_search_index_follows_tag_and_provider_changes(client):
    offer = OfferFactory(title="Eins")
    offer.tags.add("Kanban")
    assert titles(client.get(URL, {"q": "kanban"})) == ["Eins"]
    offer.provider.name = "Umbenanntes Institut"
    offer.provider.save()
    assert titles(client.get(URL, {"q": "umbenanntes"})) == ["Eins"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("titel", ["Alpha", "Beta", "Gamma"]), ("dauer", ["Beta", "Gamma", "Alpha"])],
)
def test_catalogue_sorting(client, sort, expected):
    OfferFactory(title="Gamma", time_commitment_hours=5)
    OfferFactory(title="Alpha", time_commitment_hours=None)
    OfferFactory(title="Beta", time_commitment_hours=1)
    assert titles(client.get(URL, {"sortierung": sort})) == expected


def test_catalogue_sort_new_shows_newest_first(client):
    now = timezone.now()
    OfferFactory(title="Alt", published_at=now - datetime.timedelta(days=30))
    OfferFactory(title="Neu", published_at=now)
    assert titles(client.get(URL, {"sortierung": "neu"})) == ["Neu", "Alt"]


def test_catalogue_chips_remove_exactly_one_value(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    response = client.get(
        URL + "?q=Angebot&zielgruppe=fuehrungskraefte&zielgruppe=fachkraefte"
        "&leerstelle=kommunalpolitik&kostenfrei=1&sortierung=titel"
    )
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    url = chips["Zielgruppe: Fachkräfte"]
    assert "zielgruppe=fuehrungskraefte" in url
    assert "zielgruppe=fachkraefte" not in url
    assert "leerstelle=kommunalpolitik" in url and "q=Angebot" in url and "kostenfrei=1" in url
    assert "sortierung=titel" in url
    assert "q=" not in chips["Suche: „Angebot“"]
    assert "kostenfrei" not in chips["kostenfrei"]


def test_catalogue_pagination_links_keep_the_state(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 1
    OfferFactory(gaps=["kommunalpolitik"])
    OfferFactory(gaps=["kommunalpolitik"])
    response = client.get(URL + "?leerstelle=kommunalpolitik")
    assert response.context["next_url"] == "?leerstelle=kommunalpolitik&seite=2"
    second = client.get(URL + response.context["next_url"])
    assert second.context["page"].number == 2
    assert second.context["prev_url"] == "?leerstelle=kommunalpolitik"


def test_catalogue_works_without_offers(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "0 Angebote gefunden" in response.content.decode()


FILTERED = (
    "?q=Angebot&zielgruppe=fuehrungskraefte&leerstelle=kommunalpolitik"
    "&tag=tag-1&kostenfrei=1&region=bundesweit&durchfuehrung=digital-live&seite=1"
)


def catalogue_queries(client, url, count):
    for number in range(count):
        OfferFactory(
            audiences=["fuehrungskraefte", "fachkraefte"],
            gaps=["kommunalpolitik", "digital-niedrigschwellig"],
            tags=[f"Tag {number % 5}"],
        )
    index.flush()  # as after the commit that created them
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1
    return len(queries)


@pytest.mark.parametrize("url", [URL, URL + FILTERED])
def test_catalogue_query_count_is_the_same_for_one_and_thirty_results(client, url, settings):
    # Page cache in memory (as in Redis: no SQL), so that only the page's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    one = catalogue_queries(client, url, 1)
    Offer.objects.all().delete()
    thirty = catalogue_queries(client, url, 30)
    assert one == thirty <= 8
