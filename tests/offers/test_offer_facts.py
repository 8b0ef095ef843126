"""Dates, venue, competences and learning goals of an offer: model, pages, open data, admin."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from offers.catalogue import index
from offers.models import Competence, Offer, OfferDate

from .factories import OfferFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def add_dates(offer, *dates):
    for date in dates:
        start, end = date if isinstance(date, tuple) else (date, None)
        OfferDate.objects.create(
            offer=offer, starts_on=day(start), ends_on=day(end) if end is not None else None
        )


# Model ----------------------------------------------------------------------------------------


def test_competences_are_seeded_in_order():
    assert list(Competence.objects.values_list("slug", "name")) == [
        (
            "digital-analytisch-konzeptionell",
            "Digitale, analytische und konzeptionelle Kompetenzen",
        ),
        ("prozess-netzwerksteuerung", "Prozess- und Netzwerksteuerung"),
        ("veraenderungsmanagement", "Veränderungsmanagement"),
        ("beteiligung-steuern", "Steuerung von Beteiligungsverfahren"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (datetime.date(2027, 3, 3), None, "3. März 2027"),
        (datetime.date(2027, 3, 3), datetime.date(2027, 3, 3), "3. März 2027"),
        (datetime.date(2027, 3, 3), datetime.date(2027, 3, 5), "3.–5. März 2027"),
        (datetime.date(2027, 3, 30), datetime.date(2027, 4, 2), "30. März – 2. April 2027"),
        (
            datetime.date(2027, 12, 30),
            datetime.date(2028, 1, 2),
            "30. Dezember 2027 – 2. Januar 2028",
        ),
    ],
)
def test_offer_date_label_reads_as_german(start, end, label):
    assert OfferDate(starts_on=start, ends_on=end).label == label


def test_offer_date_end_before_start_is_refused_by_model_and_database():
    offer = OfferFactory()
    date = OfferDate(offer=offer, starts_on=day(5), ends_on=day(4))
    with pytest.raises(Exception, match="Das Ende darf nicht vor dem Beginn liegen"):
        date.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        date.save()


def test_offer_date_is_over_only_after_its_last_day():
    assert OfferDate(starts_on=day(-3)).is_over
    assert not OfferDate(starts_on=day(-3), ends_on=day(0)).is_over
    assert not OfferDate(starts_on=day(0)).is_over


def test_set_for_writes_only_what_differs():
    offer = OfferFactory()
    add_dates(offer, 5, (10, 11))
    kept = OfferDate.objects.get(offer=offer, starts_on=day(5))
    OfferDate.objects.set_for(offer, [(day(5), None), (day(20), day(20))])
    assert list(offer.dates.values_list("starts_on", "ends_on")) == [
        (day(5), None),
        (day(20), None),  # a one-day span is stored as one day
    ]
    assert offer.dates.get(starts_on=day(5)).pk == kept.pk


def test_cards_know_the_next_date_and_how_many_follow():
    offer = OfferFactory()
    add_dates(offer, -10, (-1, 1), 7, 14)
    OfferFactory(title="Ohne")
    cards = {o.title: o for o in Offer.objects.for_cards()}
    card = cards[offer.title]
    assert (card.next_date.starts_on, card.next_date.ends_on) == (day(-1), day(1))
    assert card.more_dates_count == 2
    assert cards["Ohne"].next_date is None and cards["Ohne"].more_dates_count == 0


# Pages ----------------------------------------------------------------------------------------


def test_catalogue_card_shows_next_date_and_venue(client):
    offer = OfferFactory(title="Mit Termin", venue="Rathaus Kassel")
    add_dates(offer, -5, (20, 21), 40)
    OfferFactory(title="Ohne Termin")
    html = client.get("/angebote/").content.decode()
    card = html[html.index("Mit Termin") : html.index("</article>", html.index("Mit Termin"))]
    first = OfferDate(starts_on=day(20), ends_on=day(21)).label
    assert f"Nächster Termin: {first} (und 1 weiterer)" in card
    assert "Ort: Rathaus Kassel" in card
    other = html[html.index("Ohne Termin") : html.index("</article>", html.index("Ohne Termin"))]
    assert "Termin:" not in other and "Ort:" not in other


def test_offer_page_shows_dates_venue_competences_and_learning_goals(client):
    offer = OfferFactory(
        venue="Bildungsstätte <Nord>",
        learning_goals="Beteiligung planen.\nErgebnisse sichern.",
        competences=["beteiligung-steuern", "veraenderungsmanagement"],
    )
    add_dates(offer, -30, (10, 12))
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "<h2>Termine und Ort</h2>" in html
    assert f'{OfferDate(starts_on=day(-30)).label} <span class="muted">(vorbei)</span>' in html
    assert OfferDate(starts_on=day(10), ends_on=day(12)).label + "</li>" in html
    assert "Veranstaltungsort: Bildungsstätte &lt;Nord&gt;" in html
    assert "<h2>Lernziele</h2>" in html and "Beteiligung planen.<br>Ergebnisse sichern." in html
    assert (
        '<a href="/angebote/?kompetenz=veraenderungsmanagement">Veränderungsmanagement</a>' in html
    )


def test_offer_page_without_the_new_facts_leaves_them_out(client):
    offer = OfferFactory()
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Termine und Ort" not in html and "Lernziele" not in html
    assert '<th scope="row">Kompetenzen</th><td>keine Angabe</td>' in html


def test_offer_page_query_count_does_not_grow_with_dates_and_competences(
    client, django_assert_max_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    OfferFactory(title="Nachbar")  # both pages below show it as a similar offer
    offer = OfferFactory(competences=["beteiligung-steuern"])
    add_dates(offer, 3)
    index.flush()  # as after the commit that created it
    with django_assert_max_num_queries(12) as few:
        client.get(offer.get_absolute_url())
    cache.clear()
    many = OfferFactory(competences=[c.slug for c in Competence.objects.all()])
    add_dates(many, *range(1, 12))
    index.flush()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(many.get_absolute_url()).status_code == 200


def test_catalogue_has_labelled_inputs_for_dates_from_and_max_cost(client):
    html = client.get("/angebote/").content.decode()
    assert '<label for="facet-termine_ab">nur mit Terminen ab</label>' in html
    assert '<input type="date" id="facet-termine_ab" name="termine_ab" value=""' in html
    assert '<label for="facet-kosten_bis">Kosten bis (in Euro)</label>' in html
    assert 'name="kosten_bis" value="" inputmode="decimal"' in html
    assert 'name="mit_bescheinigung" value="1"' in html


# Open data ------------------------------------------------------------------------------------


@pytest.fixture
def rich_offer():
    offer = OfferFactory(
        title="Termine testen",
        venue="Kassel",
        learning_goals="Ziele setzen.",
        competences=["prozess-netzwerksteuerung"],
        certificate=True,
    )
    add_dates(offer, (10, 11), 30)
    return offer


def test_api_offer_carries_dates_venue_competences_and_learning_goals(client, rich_offer):
    data = client.get(f"/api/v1/angebote/{rich_offer.slug}/").json()
    assert data["venue"] == "Kassel"
    assert data["learning_goals"] == "Ziele setzen."
    assert data["competences"] == [
        {"slug": "prozess-netzwerksteuerung", "name": "Prozess- und Netzwerksteuerung"}
    ]
    assert [(d["starts_on"], d["ends_on"]) for d in data["dates"]] == [
        (day(10).isoformat(), day(11).isoformat()),
        (day(30).isoformat(), None),
    ]
    vocabularies = client.get("/api/v1/vokabulare/").json()
    assert {e["slug"]: e["count"] for e in vocabularies["kompetenz"]}[
        "prozess-netzwerksteuerung"
    ] == 1


def test_api_description_lists_the_new_parameters(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/angebote/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["termine_ab"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["kosten_bis"]["schema"]["minimum"] == 0
    assert parameters["mit_bescheinigung"]["schema"] == {"type": "string", "enum": ["1"]}
    assert parameters["kompetenz"]["schema"]["type"] == "array"


def test_csv_has_columns_for_dates_venue_and_competences(client, rich_offer):
    OfferFactory(title="Schlicht")
    response = client.get("/angebote.csv", {"sortierung": "titel"})
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    heading, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    by_title = {row[0]: dict(zip(heading, row, strict=True)) for row in rows}
    row = by_title["Termine testen"]
    two_days = OfferDate(starts_on=day(10), ends_on=day(11)).label
    assert row["Termine"] == f"{two_days}; {OfferDate(starts_on=day(30)).label}"
    assert row["Veranstaltungsort"] == "Kassel"
    assert row["Kompetenzen"] == "Prozess- und Netzwerksteuerung"
    assert row["Lernziele"] == "Ziele setzen."
    assert by_title["Schlicht"]["Termine"] == "" and by_title["Schlicht"]["Kompetenzen"] == ""


def jsonld(response):
    (block,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(block)


def test_jsonld_has_one_course_instance_per_date_and_teaches_the_competences(client, rich_offer):
    data = jsonld(client.get(rich_offer.get_absolute_url()))
    instances = data["hasCourseInstance"]
    assert [(i["startDate"], i["endDate"]) for i in instances] == [
        (day(10).isoformat(), day(11).isoformat()),
        (day(30).isoformat(), day(30).isoformat()),
    ]
    assert all(i["location"] == {"@type": "Place", "name": "Kassel"} for i in instances)
    assert data["teaches"] == [
        {
            "@type": "DefinedTerm",
            "name": "Prozess- und Netzwerksteuerung",
            "termCode": "prozess-netzwerksteuerung",
        }
    ]


def test_jsonld_without_dates_keeps_a_single_instance_without_days(client):
    offer = OfferFactory(venue="online")
    data = jsonld(client.get(offer.get_absolute_url()))
    assert data["hasCourseInstance"]["location"]["name"] == "online"
    assert "startDate" not in data["hasCourseInstance"]
    assert "teaches" not in data


# Admin ----------------------------------------------------------------------------------------


def test_admin_edits_dates_inline_and_competences_with_the_offer(admin_client):
    offer = OfferFactory()
    page = admin_client.get(f"/verwaltung/offers/offer/{offer.pk}/change/").content.decode()
    assert 'name="dates-0-starts_on"' in page
    assert 'name="competences"' in page and 'name="learning_goals"' in page
    assert 'name="venue"' in page
    assert admin_client.get("/verwaltung/offers/competence/").status_code == 200


def test_team_may_edit_competences_and_dates():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Initiativteam")
        .permissions.filter(content_type__model__in=["competence", "offerdate"])
        .values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for model in ("competence", "offerdate")
        for action in ("view", "add", "change", "delete")
    }


# Demo -----------------------------------------------------------------------------------------


def test_demo_kompetenzprofil_links_to_the_document_the_seed_cites():
    from offers.demo import OFFERS

    (entry,) = [spec for spec in OFFERS if spec.slug == "kompetenzprofil-jugendhilfeplanung"]
    assert entry.url == "http://www.bagljae.de/downloads/137_kompetenzprofil-jugendhilfeplanung.pdf"
    assert set(entry.competences) == set(Competence.objects.values_list("slug", flat=True))
    with_dates = [spec for spec in OFFERS if spec.dates]
    assert len(with_dates) >= 10
    assert all(spec.venue for spec in with_dates)
