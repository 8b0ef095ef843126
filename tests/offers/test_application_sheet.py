"""The sheet "Für den Fortbildungsantrag": its facts, its page and its PDF."""

import datetime
import io
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from offers.approval.sheet import MISSING, hours_label, sheet_facts
from offers.models import Delivery, OfferStatus
from offers.open_data.facts import with_facts

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    offer = OfferFactory(
        title="Beteiligung wirksam steuern",
        slug="beteiligung-steuern",
        summary="Wie Kommunen Beteiligungsverfahren planen und steuern.",
        duration="3 Module à 2 Stunden",
        time_commitment_hours=Decimal("6.5"),
        is_free=False,
        cost_eur=Decimal("249.00"),
        cost_note="Ermäßigung für Kommunen unter 20.000 Einwohner:innen",
        certificate=True,
        delivery=Delivery.HYBRID,
        travel_required=True,
        url="https://anbieterin.example/kurs",
        gaps=["veraenderung-gestalten"],
        audiences=["fuehrungskraefte", "fachkraefte"],
        participatory=True,
        competences=["beteiligung-steuern"],
        learning_goals="Beteiligungsverfahren planen, steuern und auswerten.",
        venue="Rathaus Kassel",
    )
    offer.dates.create(starts_on=datetime.date(2027, 3, 3), ends_on=datetime.date(2027, 3, 4))
    offer.dates.create(starts_on=datetime.date(2027, 5, 6))
    return offer


def facts_of(offer):
    loaded = with_facts(type(offer).objects.filter(pk=offer.pk)).get()
    return {fact.label: fact for fact in sheet_facts(loaded)}


def test_sheet_facts_hold_what_an_approval_needs(course, settings):
    facts = facts_of(course)
    assert facts["Titel"].value == "Beteiligung wirksam steuern"
    assert facts["Anbieter:in"].value == course.provider.name
    assert facts["Dauer"].value == "3 Module à 2 Stunden"
    assert facts["Zeitaufwand"].value == "etwa 6,5 Stunden insgesamt"
    assert facts["Kosten"].value == "249 € (Ermäßigung für Kommunen unter 20.000 Einwohner:innen)"
    assert facts["Teilnahmebescheinigung"].value == "ja"
    assert facts["Durchführung"].value == "hybrid"
    assert facts["Anreise"].value == "nötig"
    assert facts["Stärkt integriertes Arbeiten"].value == "beteiligungsorientiert"
    assert facts["Link zum Angebot"] == ("Link zum Angebot", course.url, course.url)
    page = f"{settings.SITE_URL}/angebote/beteiligung-steuern/"
    assert facts["Seite auf Kommune 360°"].href == page
    gap_names = facts["Bearbeitet die Leerstelle"].value
    assert gap_names == course.gaps.get().name
    assert facts["Lernziele"].value == "Beteiligungsverfahren planen, steuern und auswerten."
    assert facts["Termine"].value == "3.–4. März 2027; 6. Mai 2027"
    assert facts["Veranstaltungsort"].value == "Rathaus Kassel"
    assert facts["Kompetenzen"].value == "Steuerung von Beteiligungsverfahren"


def test_sheet_facts_of_a_sparse_offer_say_what_is_missing(db):
    offer = OfferFactory(duration="", time_commitment_hours=None, url="", is_free=True)
    facts = facts_of(offer)
    assert facts["Dauer"].value == "keine feste Dauer"
    assert facts["Zeitaufwand"].value == MISSING
    assert facts["Kosten"].value == "kostenfrei"
    assert facts["Teilnahmebescheinigung"].value == "nein"
    assert facts["Link zum Angebot"] == ("Link zum Angebot", MISSING, "")
    assert facts["Bearbeitet die Leerstelle"].value == MISSING
    assert facts["Anreise"].value == "nicht nötig"


def test_sheet_facts_give_every_offer_the_same_rows_in_the_same_order(course, db):
    sparse = OfferFactory(duration="", url="")
    labels = [fact.label for fact in sheet_facts(course)]
    assert labels == [fact.label for fact in sheet_facts(sparse)]
    assert labels[0] == "Titel"  # the Merkliste's comparison puts the titles on top


def test_sheet_facts_read_no_rows_beyond_with_facts(course, django_assert_num_queries):
    loaded = with_facts(type(course).objects.filter(pk=course.pk)).get()
    with django_assert_num_queries(0):
        sheet_facts(loaded)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2027, 1, 24), datetime.date(2027, 1, 25), "24.–25. Januar 2027"),
        (datetime.date(2027, 3, 30), datetime.date(2027, 4, 2), "30. März – 2. April 2027"),
        (datetime.date(2027, 3, 3), None, "3. März 2027"),
    ],
)
def test_sheet_dates_read_as_on_the_cards_and_in_the_csv(db, start, end, expected):
    offer = OfferFactory()
    offer.dates.create(starts_on=start, ends_on=end)
    assert facts_of(offer)["Termine"].value == expected == offer.dates.get().label


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (Decimal("28.0"), "etwa 28 Stunden insgesamt"),
        (Decimal("6.5"), "etwa 6,5 Stunden insgesamt"),
        (Decimal("1.0"), "etwa 1 Stunde insgesamt"),
        (Decimal("120"), "etwa 120 Stunden insgesamt"),
    ],
)
def test_hours_label_whole_hours_without_decimal_zero(hours, expected):
    assert hours_label(hours) == expected


# The page ------------------------------------------------------------------------


def test_offer_page_links_to_its_sheet_and_pdf(client, course):
    html = client.get(course.get_absolute_url()).content.decode()
    assert "Für den Fortbildungsantrag" in html
    assert 'href="/angebote/beteiligung-steuern/fortbildungsantrag/"' in html
    assert 'href="/angebote/beteiligung-steuern/fortbildungsantrag.pdf"' in html
    assert 'href="/merkliste/?angebot=beteiligung-steuern"' in html


def test_sheet_page_shows_the_facts_and_blank_lines_for_reasons_and_signature(client, course):
    response = client.get("/angebote/beteiligung-steuern/fortbildungsantrag/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Für den Fortbildungsantrag</h1>" in html
    assert "Beteiligung wirksam steuern" in html
    assert "249 € (Ermäßigung" in html
    assert "Begründung" in html
    assert "Unterschrift der oder des Vorgesetzten" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/angebote/beteiligung-steuern/fortbildungsantrag.pdf"' in html
    assert "css/application-sheet.css" in html
    assert "Set-Cookie" not in response.headers and not response.cookies


@pytest.mark.parametrize("suffix", ["fortbildungsantrag/", "fortbildungsantrag.pdf"])
def test_sheet_of_an_unpublished_or_expired_offer_is_not_found(client, db, suffix):
    draft = OfferFactory(status=OfferStatus.DRAFT)
    expired = OfferFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    for offer in (draft, expired):
        assert client.get(f"/angebote/{offer.slug}/{suffix}").status_code == 404


def test_sheet_page_answers_get_only(client, course):
    response = client.post("/angebote/beteiligung-steuern/fortbildungsantrag/")
    assert response.status_code == 405


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet_pdf_opens_and_holds_the_offers_facts(client, course):
    response = client.get("/angebote/beteiligung-steuern/fortbildungsantrag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="fortbildungsantrag-beteiligung-steuern.pdf"'
    )
    reader, text = pdf_text(response)
    assert reader.metadata.title == "Für den Fortbildungsantrag: Beteiligung wirksam steuern"
    flat = " ".join(text.split())
    for expected in [
        "Beteiligung wirksam steuern",
        course.provider.name,
        "3 Module à 2 Stunden",
        "etwa 6,5 Stunden insgesamt",
        "249 €",
        "Teilnahmebescheinigung ja",
        "hybrid",
        "https://anbieterin.example/kurs",
        "6. Mai 2027",
        "Steuerung von Beteiligungsverfahren",
        "Begründung",
        "Unterschrift der oder des Vorgesetzten",
    ]:
        assert expected in flat, expected
    assert reader.trailer["/Root"]["/Lang"] == "de"


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet_pdf_without_pango_answers_503_with_the_printable_page(client, course, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = client.get("/angebote/beteiligung-steuern/fortbildungsantrag.pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert 'href="/angebote/beteiligung-steuern/fortbildungsantrag/"' in html
    # Not kept by the page cache: the PDF comes back once the libraries are there.
    monkeypatch.delitem(sys.modules, "weasyprint")
    again = client.get("/angebote/beteiligung-steuern/fortbildungsantrag.pdf")
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"


# One sheet, one page ------------------------------------------------------------------


def pdf_pages(response):
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet_pdf_of_a_typical_offer_fits_on_one_page(client, course):
    course.learning_goals = (
        "Beteiligungsverfahren planen, steuern und auswerten; Zielgruppen erreichen, die sonst "
        "nicht mitreden; Ergebnisse in Verwaltung und Politik zurückspielen."
    )
    course.save()
    pages = pdf_pages(client.get("/angebote/beteiligung-steuern/fortbildungsantrag.pdf"))
    assert len(pages) == 1
    assert pages[0].count("Beteiligung wirksam steuern") == 2  # heading and page header
    assert "Begründung" in pages[0]
    assert "Unterschrift der oder des Vorgesetzten" in pages[0]


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet_pdf_of_the_demo_kompetenzprofil_fits_on_one_page(client, db):
    call_command("load_demo", "--only", "offers", stdout=io.StringIO())
    response = client.get("/angebote/kompetenzprofil-jugendhilfeplanung/fortbildungsantrag.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response)
    assert len(pages) == 1
    assert "Unterschrift der oder des Vorgesetzten" in pages[0]


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet_pdf_too_long_for_one_page_names_the_offer_on_every_page(client, course):
    course.learning_goals = " ".join(["Beteiligung planen, steuern und auswerten."] * 80)
    course.save()
    pages = pdf_pages(client.get("/angebote/beteiligung-steuern/fortbildungsantrag.pdf"))
    assert len(pages) == 2
    for page in pages:
        assert "Beteiligung wirksam steuern" in page
    # The write-in block stays whole: heading and lines on the same page.
    assert "Begründung" in pages[1] and "Begründung" not in pages[0]
    # Numbered per sheet; no "von N" (WeasyPrint counts `pages` across the whole document).
    assert pages[0].endswith("Seite 1") and pages[1].endswith("Seite 2")
