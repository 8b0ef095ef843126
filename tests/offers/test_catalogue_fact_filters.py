"""The catalogue filters for planning a training: dates from, maximum cost, certificate, competence.

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the conditions are
plain ORM lookups, but dates, decimals and the facet index differ between the two.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offers.catalogue import index
from offers.catalogue.query import Catalogue
from offers.models import Competence, Offer, OfferDate

from .factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = "/angebote/"
TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def dated_offer(title, *dates, **kwargs):
    """An offer with dates given as day offsets: 5 (one day) or (5, 7) (a span)."""
    offer = OfferFactory(title=title, **kwargs)
    for date in dates:
        start, end = date if isinstance(date, tuple) else (date, None)
        OfferDate.objects.create(
            offer=offer, starts_on=day(start), ends_on=day(end) if end is not None else None
        )
    return offer


def titles(response):
    return sorted(offer.title for offer in response.context["page"].object_list)


def catalogue(**params):
    querydict = QueryDict(mutable=True)
    for param, value in params.items():
        querydict.setlist(param, value if isinstance(value, list) else [value])
    return Catalogue(querydict)


# "nur mit Terminen ab …" ---------------------------------------------------------------------


def test_dates_from_filter_keeps_offers_with_a_date_starting_that_day_or_later(client):
    dated_offer("Früher", -10, 3)
    dated_offer("Genau am Tag", 10)
    dated_offer("Läuft schon", (8, 12))  # began before the day: it does not count
    dated_offer("Ohne Termine")
    dated_offer("Später", (30, 31))
    response = client.get(URL, {"termine_ab": day(10).isoformat()})
    assert response.status_code == 200
    assert titles(response) == ["Genau am Tag", "Später"]
    assert response.context["page"].paginator.count == 2


def test_dates_from_filter_accepts_the_german_date_format(client):
    dated_offer("Im März", 20)
    dated_offer("Vorher", 2)
    response = client.get(URL, {"termine_ab": day(15).strftime("%d.%m.%Y")})
    assert titles(response) == ["Im März"]
    # The state keeps the value in one form: chips, links and the feed use ISO dates.
    assert f"termine_ab={day(15).isoformat()}" in response.context["filter_query"]
    chip = [c.label for c in response.context["chips"]]
    assert chip == [f"nur mit Terminen ab {day(15):%d.%m.%Y}"]


def test_dates_from_filter_counts_an_offer_with_several_dates_once(client):
    dated_offer("Reihe", 5, 12, 19, 26)
    response = client.get(URL, {"termine_ab": day(1).isoformat()})
    assert titles(response) == ["Reihe"]
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("raw", ["31.02.2027", "morgen", "2027-13-01", "0001-01-01", "1.1.99"])
def test_dates_from_invalid_value_is_ignored_with_a_german_note(client, raw):
    dated_offer("Mit Termin", 5)
    dated_offer("Ohne Termin")
    response = client.get(URL, {"termine_ab": raw})
    assert response.status_code == 200
    assert titles(response) == ["Mit Termin", "Ohne Termin"]
    html = response.content.decode()
    assert "kein gültiges Datum" in html
    # What was typed stays in the field, marked as wrong and explained.
    field = re.search(r'<input type="date" id="facet-termine_ab"[^>]*>', html).group(0)
    assert f'value="{raw}"' in field and 'aria-invalid="true"' in field
    assert "facet-termine_ab-error" in field
    assert not response.context["chips"]


# "Kosten bis … €" ------------------------------------------------------------------------------


def test_max_cost_filter_keeps_free_offers_and_those_up_to_the_amount(client):
    OfferFactory(title="Kostenfrei", is_free=True)
    OfferFactory(title="Genau 100", is_free=False, cost_eur=100)
    OfferFactory(title="99,99", is_free=False, cost_eur="99.99")
    OfferFactory(title="Teurer", is_free=False, cost_eur="100.01")
    response = client.get(URL, {"kosten_bis": "100"})
    assert titles(response) == ["99,99", "Genau 100", "Kostenfrei"]


def test_max_cost_filter_with_zero_and_decimal_comma(client):
    OfferFactory(title="Kostenfrei", is_free=True)
    OfferFactory(title="Günstig", is_free=False, cost_eur="49.50")
    assert titles(client.get(URL, {"kosten_bis": "0"})) == ["Kostenfrei"]
    response = client.get(URL, {"kosten_bis": "49,50 €"})
    assert titles(response) == ["Günstig", "Kostenfrei"]
    assert [c.label for c in response.context["chips"]] == ["Kosten bis 49,50 €"]
    assert "kosten_bis=49.5" in response.context["filter_query"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "kann nicht negativ sein"),
        ("viel", "ist kein Betrag"),
        ("1.000,50", "ist kein Betrag"),
        ("1e9", "ist kein Betrag"),
        ("12345678", "ist kein Betrag"),
        ("NaN", "ist kein Betrag"),
    ],
)
def test_max_cost_bad_value_is_ignored_with_a_german_note(client, raw, message):
    OfferFactory(title="Teuer", is_free=False, cost_eur=900)
    response = client.get(URL, {"kosten_bis": raw})
    assert response.status_code == 200
    assert titles(response) == ["Teuer"]
    html = response.content.decode()
    assert message in html
    field = re.search(r'<input type="text" id="facet-kosten_bis"[^>]*>', html).group(0)
    assert f'value="{raw}"' in field and 'aria-invalid="true"' in field


# "mit Teilnahmebescheinigung" and the competences ----------------------------------------------


def test_certificate_flag_filters_and_counts(client):
    OfferFactory(title="Mit", certificate=True)
    OfferFactory(title="Auch mit", certificate=True, is_free=False, cost_eur=50)
    OfferFactory(title="Ohne", certificate=False)
    response = client.get(URL, {"mit_bescheinigung": "1"})
    assert titles(response) == ["Auch mit", "Mit"]
    flags = {flag["param"]: flag for flag in response.context["flags"]}
    assert flags["mit_bescheinigung"]["count"] == 2 and flags["mit_bescheinigung"]["checked"]
    # Other facets count within the flag's selection ...
    assert flags["kostenfrei"]["count"] == 1
    # ... and the flag counts within theirs.
    free = {f["param"]: f for f in client.get(URL, {"kostenfrei": "1"}).context["flags"]}
    assert free["mit_bescheinigung"]["count"] == 1


def competence_counts(response):
    (facet,) = [f for f in response.context["facets"] if f.param == "kompetenz"]
    return {option.value: option.count for option in facet.options}


def test_competence_facet_filters_or_within_and_counts_every_entry(client):
    OfferFactory(title="Netz", competences=["prozess-netzwerksteuerung"])
    OfferFactory(title="Wandel", competences=["veraenderungsmanagement"])
    OfferFactory(
        title="Beides", competences=["veraenderungsmanagement", "prozess-netzwerksteuerung"]
    )
    OfferFactory(title="Keine")
    response = client.get(URL)
    assert competence_counts(response) == {
        "digital-analytisch-konzeptionell": 0,
        "prozess-netzwerksteuerung": 2,
        "veraenderungsmanagement": 2,
        "beteiligung-steuern": 0,
    }
    chosen = client.get(URL, {"kompetenz": ["prozess-netzwerksteuerung", "beteiligung-steuern"]})
    assert titles(chosen) == ["Beides", "Netz"]
    # A facet's own selection leaves its counts alone.
    assert competence_counts(chosen)["veraenderungsmanagement"] == 2
    assert "Kompetenz: Prozess- und Netzwerksteuerung" in [c.label for c in chosen.context["chips"]]


def test_competence_unknown_value_is_ignored_with_a_note(client):
    OfferFactory(title="Netz", competences=["prozess-netzwerksteuerung"])
    OfferFactory(title="Keine")
    response = client.get(URL, {"kompetenz": ["zaubern", "<b>x</b>"]})
    assert response.status_code == 200
    assert titles(response) == ["Keine", "Netz"]
    notes = response.context["catalogue"].notes
    assert "Den Filterwert „zaubern“ gibt es nicht; er wurde ignoriert." in notes
    assert "<b>x</b>" not in response.content.decode()


def test_competence_renamed_in_the_admin_shows_the_new_name_at_once(client):
    OfferFactory(competences=["veraenderungsmanagement"])
    index.flush()
    cache.clear()
    assert "Veränderungsmanagement" in client.get(URL).content.decode()
    entry = Competence.objects.get(slug="veraenderungsmanagement")
    entry.name = "Wandel gestalten"
    entry.save()
    index.flush()
    assert "Wandel gestalten" in client.get(URL).content.decode()


def test_new_date_renews_the_cached_catalogue(client):
    offer = dated_offer("Bald", 40)
    index.flush()
    query = {"termine_ab": day(1).isoformat()}
    assert titles(client.get(URL, query)) == ["Bald"]
    OfferDate.objects.filter(offer=offer).delete()
    index.flush()
    assert titles(client.get(URL, query)) == []


# All together --------------------------------------------------------------------------------


def test_new_filters_combine_with_each_other_and_with_search(client):
    dated_offer(
        "Werkstatt passt",
        20,
        certificate=True,
        is_free=False,
        cost_eur=80,
        competences=["beteiligung-steuern"],
    )
    dated_offer("Werkstatt zu teuer", 20, certificate=True, is_free=False, cost_eur=800)
    dated_offer("Werkstatt ohne Bescheinigung", 20, competences=["beteiligung-steuern"])
    dated_offer("Werkstatt zu früh", 2, certificate=True, competences=["beteiligung-steuern"])
    index.flush()
    params = {
        "q": "Werkstatt",
        "termine_ab": day(10).isoformat(),
        "kosten_bis": "100",
        "mit_bescheinigung": "1",
        "kompetenz": "beteiligung-steuern",
    }
    assert catalogue(**params).results().count() == 1
    response = client.get(URL, params)
    assert titles(response) == ["Werkstatt passt"]
    # Dropping one chip keeps the others.
    cost_chip = next(c for c in response.context["chips"] if c.label.startswith("Kosten"))
    assert "kosten_bis" not in cost_chip.remove_url and "termine_ab" in cost_chip.remove_url


def test_new_filters_keep_the_query_count_of_the_catalogue(client, settings):
    # Page cache in memory (as in Redis: no SQL), so that only the page's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    params = {
        "termine_ab": day(1).isoformat(),
        "kosten_bis": "500",
        "mit_bescheinigung": "1",
        "kompetenz": "veraenderungsmanagement",
        "zielgruppe": "fuehrungskraefte",
    }

    def queries(total):
        while Offer.objects.count() < total:
            dated_offer(
                "Passendes Angebot",
                5,
                (9, 10),
                certificate=True,
                competences=["veraenderungsmanagement"],
            )
        index.flush()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params)
        assert response.context["page"].paginator.count == total
        return len(captured)

    one = queries(1)
    thirty = queries(30)
    assert one == thirty <= 8


def test_api_takes_the_new_filters_and_reports_bad_values(client):
    dated_offer("Bald", 20, certificate=True)
    dated_offer("Ohne Bescheinigung", 20)
    data = client.get(
        "/api/v1/angebote/", {"termine_ab": day(10).isoformat(), "mit_bescheinigung": "1"}
    ).json()
    assert [offer["title"] for offer in data["results"]] == ["Bald"]
    bad = client.get("/api/v1/angebote/", {"termine_ab": "gestern", "kosten_bis": "-3"})
    assert bad.status_code == 200
    notes = bad.json()["notes"]
    assert any("kein gültiges Datum" in note for note in notes)
    assert any("nicht negativ" in note for note in notes)
    assert bad.json()["count"] == 2


def test_alert_keeps_the_new_filters_and_sends_only_matching_offers(db):
    from offers.alerts import services as alerts
    from offers.models import SearchAlert

    querydict = QueryDict(
        f"termine_ab={day(10).strftime('%d.%m.%Y')}&kosten_bis=200&mit_bescheinigung=1"
        "&kompetenz=beteiligung-steuern&kosten_bis=kaputt"
    )
    query, description = alerts.saved_state(querydict)
    # The last "kosten_bis" counts; it cannot be read and is left out of the alert.
    assert query == (
        "kompetenz=beteiligung-steuern&mit_bescheinigung=1&termine_ab=" + day(10).isoformat()
    )
    assert description == (
        "Kompetenz: Steuerung von Beteiligungsverfahren, mit Teilnahmebescheinigung, "
        f"nur mit Terminen ab {day(10):%d.%m.%Y}"
    )
    alert = SearchAlert.objects.create(
        email="leitung@kommune.example",
        query=query,
        confirmed_at=timezone.now() - datetime.timedelta(days=2),
        checked_until=timezone.now() - datetime.timedelta(days=2),
    )
    dated_offer("Passt", 20, certificate=True, competences=["beteiligung-steuern"])
    dated_offer("Zu früh", 3, certificate=True, competences=["beteiligung-steuern"])
    _catalogue, offers = alerts.new_offers(alert, timezone.now())
    assert [offer.title for offer in offers] == ["Passt"]


def test_search_finds_offers_by_their_competence():
    OfferFactory(title="Mit Kompetenz", competences=["veraenderungsmanagement"])
    OfferFactory(title="Ohne Kompetenz")
    index.flush()
    found = catalogue(q="Veränderungsmanagement").results()
    assert [offer.title for offer in found] == ["Mit Kompetenz"]


def test_api_page_explains_the_new_parameters(client):
    html = client.get("/api/").content.decode()
    assert "<code>termine_ab</code>" in html and "Datum (JJJJ-MM-TT)" in html
    assert "<code>kosten_bis</code>" in html and "Zahl ab 0" in html
    assert "<code>kompetenz</code>" in html and "<code>mit_bescheinigung</code>" in html
