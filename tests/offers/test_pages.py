import datetime
import html
import re

import pytest
from django.utils import timezone

from offers.catalogue import index
from offers.models import Gap, OfferStatus

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_home_shows_gaps_with_visible_offer_counts_search_and_newest(client):
    OfferFactory(title="Neuestes Angebot", gaps=["kommunalpolitik"])
    OfferFactory(title="Versteckt", gaps=["kommunalpolitik"], status=OfferStatus.SUBMITTED)
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    counts = {gap.slug: gap.offer_count for gap in response.context["gaps"]}
    assert counts["kommunalpolitik"] == 1
    assert counts["innovative-arbeitsweisen"] == 0
    assert len(counts) == 5
    assert 'href="/angebote/?leerstelle=kommunalpolitik"' in content
    assert 'name="q"' in content and 'action="/angebote/"' in content
    assert "Neuestes Angebot" in content
    assert "Versteckt" not in content


def test_offer_detail_shows_facts_related_and_meta(client):
    offer = OfferFactory(
        title="Agil in der Verwaltung",
        summary="Kurz & knapp <b>agil</b>.",
        is_free=False,
        cost_eur=1250,
        application_required=True,
        travel_required=False,
        gaps=["innovative-arbeitsweisen"],
        tags=["Scrum"],
        cross_departmental=True,
    )
    related = [
        OfferFactory(title=f"Verwandt {i}", gaps=["innovative-arbeitsweisen"]) for i in range(5)
    ]
    OfferFactory(title="Verwandt aber Entwurf", gaps=["innovative-arbeitsweisen"], status="entwurf")
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "1.250 €" in content
    assert "ja, nötig" in content  # application
    assert "ressortübergreifend" in content
    assert 'href="/angebote/?tag=scrum"' in content
    assert '<meta property="og:title" content="Agil in der Verwaltung">' in content
    assert (
        '<meta name="description" content="Kurz &amp; knapp &lt;b&gt;agil&lt;/b&gt;.">' in content
    )
    shown = list(response.context["related"])
    assert len(shown) == 4
    assert {o.title for o in shown} <= {o.title for o in related}
    assert "Verwandt aber Entwurf" not in content
    assert f"/mitdenken/?angebot={offer.slug}" in content


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": OfferStatus.DRAFT},
        {"status": OfferStatus.SUBMITTED},
        {"status": OfferStatus.REJECTED},
        {"status": OfferStatus.ARCHIVED},
        {"valid_until": datetime.date(2020, 1, 1)},
    ],
)
def test_offer_detail_hidden_offers_answer_404(client, kwargs):
    offer = OfferFactory(**kwargs)
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 404


def test_offer_detail_unknown_slug_is_404(client):
    assert client.get("/angebote/gibt-es-nicht/").status_code == 404


def test_gap_list_shows_five_gaps_and_coverage_with_empty_cells(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    response = client.get("/leerstellen/")
    assert response.status_code == 200
    audiences = response.context["audiences"]
    matrix = {gap.slug: counts for gap, counts in response.context["matrix"]}
    assert len(matrix) == 5
    index = [a.slug for a in audiences].index("fuehrungskraefte")
    assert matrix["kommunalpolitik"][index] == 1
    assert sum(matrix["innovative-arbeitsweisen"]) == 0
    assert "kein Angebot" in response.content.decode()


def test_gap_list_coverage_table_has_audiences_as_rows_and_gaps_as_columns(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    html = client.get("/leerstellen/").content.decode()
    table = html[html.index('<table class="coverage') : html.index("</table>")]
    head, body = table.split("<tbody>")
    assert head.count('<th scope="col">') == 6  # "Zielgruppe" and the five gaps
    assert "Zugang für Kommunalpolitik" in head
    row = body[body.index("Führungskräfte") : body.index("</tr>", body.index("Führungskräfte"))]
    # Columns in gap order: only the fourth gap (Kommunalpolitik) has an offer.
    assert [cell.startswith("1<") for cell in row.split('">')[1:]].count(True) == 1
    assert row.count("kein Angebot") == 4


def test_gap_detail_shows_description_offers_and_coverage(client):
    OfferFactory(title="Für Räte", audiences=["kommunalpolitiker-innen"], gaps=["kommunalpolitik"])
    OfferFactory(title="Anderes", gaps=["veraenderung-gestalten"])
    OfferFactory(
        title="Abgelaufen",
        gaps=["kommunalpolitik"],
        valid_until=timezone.localdate() - datetime.timedelta(days=3),
    )
    gap = Gap.objects.get(slug="kommunalpolitik")
    response = client.get("/leerstellen/kommunalpolitik/")
    assert response.status_code == 200
    content = response.content.decode()
    assert gap.name in content
    assert [o.title for o in response.context["offers"]] == ["Für Räte"]
    coverage = {a.slug: a.offer_count for a in response.context["coverage"]}
    assert coverage["kommunalpolitiker-innen"] == 1
    assert coverage["fachkraefte"] == 0
    assert "/mitdenken/?leerstelle=kommunalpolitik" in content
    assert "Haben wir etwas übersehen?" in content


def test_gap_detail_unknown_slug_is_404(client):
    assert client.get("/leerstellen/unbekannt/").status_code == 404


def test_public_pages_query_counts_do_not_grow(client, django_assert_max_num_queries, settings):
    # Page cache in memory (as in Redis: no SQL), so that only the page's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(20):
        OfferFactory(gaps=["kommunalpolitik"], audiences=["fachkraefte", "fuehrungskraefte"])
    slug = OfferFactory(gaps=["kommunalpolitik"]).slug
    index.flush()  # as after the commit that created them
    for url, limit in [
        ("/", 8),
        (f"/angebote/{slug}/", 12),
        ("/leerstellen/", 6),
        ("/leerstellen/kommunalpolitik/", 12),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_offer_page_leads_back_to_the_filtered_list(client):
    offer = OfferFactory(
        title="Rückweg testen", audiences=["fachkraefte"], gaps=["kommunalpolitik"]
    )
    index.flush()
    listing = "/angebote/?q=R%C3%BCckweg&zielgruppe=fachkraefte&sortierung=titel"
    page = client.get(listing).content.decode()
    link = re.search(rf'href="(/angebote/{offer.slug}/\?von=[^"]+)"', page).group(1)
    detail = client.get(html.unescape(link)).content.decode()
    back = "/angebote/?q=R%C3%BCckweg&amp;zielgruppe=fachkraefte&amp;sortierung=titel"
    assert f'<a href="{back}">Zurück zur Trefferliste</a>' in detail
    assert f'<a href="{back}">Angebote (Ihre Auswahl)</a>' in detail
    # Without a list to go back to: the whole catalogue.
    plain = client.get(offer.get_absolute_url()).content.decode()
    assert '<a href="/angebote/">Zurück zu allen Angeboten</a>' in plain


@pytest.mark.parametrize(
    "von",
    [
        "evil=1&next=https://example.org",
        "q=<script>alert(1)</script>&zielgruppe=%00",
        "seite=" + "9" * 5000,
        "%zz",
    ],
)
def test_offer_page_way_back_keeps_only_catalogue_parameters(client, von):
    offer = OfferFactory()
    response = client.get(offer.get_absolute_url(), {"von": von})
    assert response.status_code == 200
    back = re.search(r'<a href="([^"]*)">Zurück', response.content.decode()).group(1)
    assert back.startswith("/angebote/")
    assert "evil" not in back and "example.org" not in back and "<script" not in back
    assert len(back) < 400


def test_header_search_is_on_every_page_without_its_own_search_box(client):
    gap_page = client.get("/leerstellen/").content.decode()
    assert 'action="/angebote/"' in gap_page and 'id="header-q"' in gap_page
    for url in ["/", "/angebote/"]:  # these have a search box of their own
        assert 'id="header-q"' not in client.get(url).content.decode(), url


def test_catalogue_shows_which_results_a_page_holds(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 20
    for number in range(37):
        OfferFactory(title=f"Angebot {number}")
    index.flush()
    page = client.get("/angebote/", {"seite": 2}).content.decode()
    assert "Treffer 21–37 von 37" in page
