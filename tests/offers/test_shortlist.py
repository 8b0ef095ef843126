"""The Merkliste: offers held in the URL, compared, printed as sheets (HTML, PDF) and CSV."""

import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.utils import timezone
from pypdf import PdfReader

from offers.approval.shortlist import MAX_OFFERS, Shortlist
from offers.catalogue import index
from offers.models import OfferStatus

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(db):
    return [
        OfferFactory(title="Erstes Seminar", slug="erstes", cost_eur=90, is_free=False),
        OfferFactory(title="Zweite Werkstatt", slug="zweite", certificate=True),
        OfferFactory(title="Dritter Kurs", slug="dritter", duration="2 Tage"),
    ]


def query(url):
    return parse_qs(urlsplit(url).query)


# The list in the URL ---------------------------------------------------------------


def test_shortlist_from_values_keeps_order_and_drops_duplicates_and_blanks():
    shortlist = Shortlist.from_values(["b", " a ", "b", "", "c"])
    assert shortlist.slugs == ("b", "a", "c")
    assert shortlist.notes == ()


def test_shortlist_from_values_with_script_tags_ignores_them_with_a_note():
    shortlist = Shortlist.from_values(["a", "<script>alert(1)</script>", "../x"])
    assert shortlist.slugs == ("a",)
    assert len(shortlist.notes) == 2
    assert "ist kein Angebot aus dem Katalog" in shortlist.notes[0]


def test_shortlist_from_values_beyond_the_limit_keeps_the_first_with_a_note():
    shortlist = Shortlist.from_values([f"angebot-{n}" for n in range(MAX_OFFERS + 5)])
    assert len(shortlist) == MAX_OFFERS and shortlist.is_full
    assert shortlist.slugs[-1] == f"angebot-{MAX_OFFERS - 1}"
    assert shortlist.notes == (
        f"Eine Merkliste fasst höchstens {MAX_OFFERS} Angebote; "
        f"die ersten {MAX_OFFERS} sind übernommen, die weiteren nicht.",
    )


def test_shortlist_adding_and_removing_leave_the_original_alone():
    shortlist = Shortlist(("a", "b"))
    assert shortlist.adding("c").slugs == ("a", "b", "c")
    assert shortlist.adding("a").slugs == ("a", "b")
    assert shortlist.removing("a").slugs == ("b",)
    assert shortlist.slugs == ("a", "b")
    full = Shortlist(tuple(f"s{n}" for n in range(MAX_OFFERS)))
    assert full.adding("neu").slugs == full.slugs


def test_shortlist_url_carries_the_list_and_the_way_back():
    url = Shortlist(("a", "b")).url(back="zielgruppe=fachkraefte")
    assert url.startswith("/merkliste/?")
    assert query(url) == {"angebot": ["a", "b"], "von": ["zielgruppe=fachkraefte"]}


# The Merkliste page -------------------------------------------------------------------


def test_shortlist_page_compares_the_offers_side_by_side_in_list_order(client, three):
    response = client.get("/merkliste/", {"angebot": ["dritter", "erstes"]})
    assert response.status_code == 200
    assert not response.cookies
    entries = response.context["entries"]
    assert [entry.offer.slug for entry in entries] == ["dritter", "erstes"]
    html = response.content.decode()
    assert '<table class="compare">' in html
    rows = dict(response.context["rows"])
    assert [fact.value for fact in rows["Dauer"]] == ["2 Tage", "keine feste Dauer"]
    assert [fact.value for fact in rows["Kosten"]] == ["kostenfrei", "90 €"]
    assert '<meta name="robots" content="noindex">' in html
    assert 'value="http://' in html and "/merkliste/?angebot=dritter&amp;angebot=erstes" in html


def test_shortlist_page_links_sheets_pdf_and_csv_for_the_whole_list(client, three):
    context = client.get("/merkliste/", {"angebot": ["erstes", "zweite"]}).context
    for name, path in [
        ("printable_url", "/merkliste/fortbildungsantrag/"),
        ("pdf_url", "/merkliste/fortbildungsantrag.pdf"),
        ("csv_url", "/merkliste/angebote.csv"),
    ]:
        assert context[name].startswith(path + "?"), name
        assert query(context[name])["angebot"] == ["erstes", "zweite"]


def test_shortlist_remove_link_leads_to_the_list_without_that_offer(client, three):
    entries = client.get("/merkliste/", {"angebot": ["erstes", "zweite"]}).context["entries"]
    assert query(entries[0].remove_url)["angebot"] == ["zweite"]
    after = client.get(entries[0].remove_url).context["entries"]
    assert [entry.offer.slug for entry in after] == ["zweite"]


def test_shortlist_with_unknown_and_unpublished_slugs_ignores_them_with_notes(client, three):
    OfferFactory(slug="entwurf", status=OfferStatus.DRAFT)
    OfferFactory(slug="abgelaufen", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    response = client.get(
        "/merkliste/", {"angebot": ["erstes", "gibt-es-nicht", "entwurf", "abgelaufen"]}
    )
    assert response.status_code == 200
    assert [entry.offer.slug for entry in response.context["entries"]] == ["erstes"]
    notes = response.context["selection"].notes
    assert len(notes) == 3
    assert "„gibt-es-nicht“ ist nicht (mehr) im Katalog" in notes[0]
    # The links of the page hold only what is really on the list.
    assert query(response.context["pdf_url"])["angebot"] == ["erstes"]


def test_shortlist_with_script_tags_in_the_query_shows_them_escaped(client, three):
    response = client.get("/merkliste/", {"angebot": ["erstes", '"><script>alert(1)</script>']})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert [entry.offer.slug for entry in response.context["entries"]] == ["erstes"]


def test_shortlist_with_too_many_offers_keeps_the_limit_with_a_german_note(client, db):
    for n in range(MAX_OFFERS + 2):
        OfferFactory(slug=f"kurs-{n}")
    slugs = [f"kurs-{n}" for n in range(MAX_OFFERS + 2)]
    response = client.get("/merkliste/", {"angebot": slugs})
    assert len(response.context["entries"]) == MAX_OFFERS
    html = response.content.decode()
    assert f"Eine Merkliste fasst höchstens {MAX_OFFERS} Angebote" in html
    assert "Ihre Merkliste ist voll" in html
    assert "Weitere Angebote hinzufügen" not in html


def test_shortlist_empty_explains_how_it_works(client, db):
    response = client.get("/merkliste/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Auf Ihrer Merkliste steht noch kein Angebot" in html
    assert "<table" not in html


def test_shortlist_pages_answer_get_only(client, three):
    for path in ["/merkliste/", "/merkliste/fortbildungsantrag/", "/merkliste/angebote.csv"]:
        assert client.post(path, {"angebot": "erstes"}).status_code == 405


def test_shortlist_page_queries_do_not_grow_with_the_offers(
    client, db, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offers = [OfferFactory(slug=f"kurs-{n}", gaps=["veraenderung-gestalten"]) for n in range(6)]
    with CaptureQueriesContext(connection) as one:
        client.get("/merkliste/", {"angebot": [offers[0].slug], "x": "1"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/merkliste/", {"angebot": [offer.slug for offer in offers], "x": "2"})


# Sheets, PDF and CSV ----------------------------------------------------------------


def test_shortlist_sheets_page_holds_one_sheet_per_offer(client, three):
    response = client.get("/merkliste/fortbildungsantrag/", {"angebot": ["zweite", "erstes"]})
    html = response.content.decode()
    assert "<h1>Für den Fortbildungsantrag: 2 Angebote</h1>" in html
    assert html.count('<article class="sheet"') == 2
    assert html.index("Zweite Werkstatt") < html.index("Erstes Seminar")
    assert html.count("Unterschrift der oder des Vorgesetzten") == 2


@pytest.mark.usefixtures("pdf_libraries")
def test_shortlist_pdf_holds_every_offer_on_its_own_page(client, three):
    response = client.get("/merkliste/fortbildungsantrag.pdf", {"angebot": ["zweite", "erstes"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'inline; filename="fortbildungsantrag-merkliste-'
    )
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    starts = [n for n, text in enumerate(pages) if "Zweite Werkstatt" in text]
    assert starts and "Erstes Seminar" not in pages[starts[0]]
    assert any("Erstes Seminar" in text and "90 €" in text for text in pages)


def test_shortlist_pdf_of_an_empty_list_explains_instead(client, db):
    response = client.get("/merkliste/fortbildungsantrag.pdf", {"angebot": "gibt-es-nicht"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "steht kein Angebot aus dem Katalog" in response.content.decode()


def test_shortlist_csv_has_the_offers_in_list_order_for_excel(client, three):
    response = client.get("/merkliste/angebote.csv", {"angebot": ["dritter", "nix", "erstes"]})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kommune360-merkliste-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    heading, *rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert heading[0] == "Titel"
    assert [row[0] for row in rows] == ["Dritter Kurs", "Erstes Seminar"]


# Adding offers one after another, without JavaScript ---------------------------------------


def test_offer_page_add_link_keeps_the_list_from_the_catalogue(client, three):
    index.flush()
    catalogue = client.get("/angebote/", {"merkliste": "erstes", "zielgruppe": "fuehrungskraefte"})
    card_links = [
        link
        for link in catalogue.content.decode().split('href="')
        if link.startswith("/angebote/zweite/")
    ]
    offer_url = card_links[0].split('"')[0].replace("&amp;", "&")
    back = query(offer_url)["von"][0]
    assert "merkliste=erstes" in back and "zielgruppe=fuehrungskraefte" in back
    html = client.get(offer_url).content.decode()
    add = html.split("Auf die Merkliste</a>")[0].rsplit('href="', 1)[1].split('"')[0]
    params = query(add.replace("&amp;", "&"))
    assert params["angebot"] == ["erstes", "zweite"]
    assert params["von"] == ["zielgruppe=fuehrungskraefte"]


def test_offer_page_of_an_offer_on_the_list_says_so(client, three):
    html = client.get("/angebote/erstes/", {"von": "merkliste=erstes"}).content.decode()
    assert "Steht auf Ihrer Merkliste" in html
    assert "Auf die Merkliste</a>" not in html


def test_catalogue_card_adds_the_offer_to_the_list_it_carries(client, three, settings):
    index.flush()
    settings.CATALOGUE_PAGE_SIZE = 2
    response = client.get(
        "/angebote/", {"merkliste": "dritter", "seite": "2", "sortierung": "titel"}
    )
    html = response.content.decode()
    assert '<input type="hidden" name="merkliste" value="dritter">' in html
    assert "Ihre Merkliste: 1 Angebot." in html
    assert '<meta name="robots" content="noindex">' in html
    offer = response.context["page"].object_list[0]
    marker = f"#offer-{offer.pk}-title"
    link = [part for part in html.split('href="') if part.split('"')[0].endswith(marker)][0]
    params = query(link.split('"')[0].replace("&amp;", "&"))
    assert params["merkliste"] == ["dritter", offer.slug]
    assert params["seite"] == ["2"] and params["sortierung"] == ["titel"]


def test_catalogue_card_of_an_offer_on_the_list_offers_removal(client, three):
    index.flush()
    html = client.get("/angebote/", {"merkliste": ["erstes", "zweite"]}).content.decode()
    assert html.count("Auf der Merkliste</span>") == 2
    erstes = OfferFactory._meta.model.objects.get(slug="erstes")
    link = [
        p for p in html.split('href="') if p.split('"')[0].endswith(f"#offer-{erstes.pk}-title")
    ]
    assert query(link[0].split('"')[0].replace("&amp;", "&"))["merkliste"] == ["zweite"]


def test_catalogue_links_carry_the_list_but_feeds_exports_and_alerts_do_not(client, three):
    index.flush()
    response = client.get("/angebote/", {"merkliste": "erstes", "zielgruppe": "fuehrungskraefte"})
    context = response.context
    assert "merkliste" not in context["filter_query"]
    assert "merkliste" not in context["export_query"]
    chip = context["chips"][0]
    assert query(chip.remove_url)["merkliste"] == ["erstes"]
    assert 'href="/angebote/?merkliste=erstes">Alle Filter entfernen' in response.content.decode()


def test_catalogue_without_a_list_shows_no_bar_and_stays_indexable(client, three):
    index.flush()
    html = client.get("/angebote/").content.decode()
    assert "Ihre Merkliste" not in html
    assert 'content="noindex"' not in html
    assert html.count(">Auf die Merkliste</a>") == 3


def test_offer_back_link_keeps_the_list(client, three):
    response = client.get("/angebote/erstes/", {"von": "q=Kurs&merkliste=zweite"})
    assert query(response.context["back_url"]) == {"q": ["Kurs"], "merkliste": ["zweite"]}


def test_robots_txt_keeps_merkliste_urls_out(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /merkliste/" in text
    assert "Disallow: /*merkliste=" in text


def test_shortlist_query_string_from_the_carry_parameter_is_parsed_alike():
    assert Shortlist.from_query(QueryDict("merkliste=a&merkliste=b"), "merkliste").slugs == (
        "a",
        "b",
    )


def test_offer_page_with_script_tags_in_the_carried_list_ignores_them(client, three):
    von = "merkliste=erstes&merkliste=<script>alert(1)</script>&q=<b>x</b>"
    response = client.get("/angebote/zweite/", {"von": von})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<b>x</b>" not in html
    add = html.split(">Auf die Merkliste</a>")[0].rsplit('href="', 1)[1].split('"')[0]
    assert query(add.replace("&amp;", "&"))["angebot"] == ["erstes", "zweite"]


@pytest.mark.usefixtures("pdf_libraries")
def test_shortlist_pdf_of_three_offers_has_one_page_per_offer_with_title_and_signatures(
    client, three
):
    for offer in three:
        offer.dates.create(starts_on=datetime.date(2027, 1, 24), ends_on=datetime.date(2027, 1, 25))
    response = client.get(
        "/merkliste/fortbildungsantrag.pdf", {"angebot": ["erstes", "zweite", "dritter"]}
    )
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) == 3
    titles = ["Erstes Seminar", "Zweite Werkstatt", "Dritter Kurs"]
    for number, (page, title) in enumerate(zip(pages, titles, strict=True), start=1):
        assert page.count(title) == 2  # heading and page header
        assert "Antrag und Genehmigung" in page
        assert "Unterschrift der oder des Vorgesetzten" in page
        # Pages are numbered per sheet, not across the whole list ("Seite 6 von 6").
        assert f"Angebot {number} von 3 · Seite 1" in page
