"""Reported needs beside the offers in the coverage table on /leerstellen/."""

import re

import pytest

from feedback.models import ContributionKind, ContributionStatus, Need
from offers.catalogue import index
from offers.models import Audience
from tests.feedback.factories import ContributionFactory, gap
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def make_need(gap_slug, audience, **kwargs):
    contribution = ContributionFactory(kind=ContributionKind.NEED, gap=gap(gap_slug), **kwargs)
    return Need.objects.create(
        contribution=contribution, audience=Audience.objects.get(slug=audience)
    )


def needs_table(html):
    start = html.index('<table class="coverage coverage--needs">')
    return html[start : html.index("</table>", start)]


def test_coverage_matrix_shows_need_count_in_its_cell(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    make_need("kommunalpolitik", "fuehrungskraefte")
    make_need("kommunalpolitik", "fuehrungskraefte")
    html = client.get("/leerstellen/").content.decode()
    matrix = html[html.index('<table class="coverage coverage--matrix">') :]
    row = matrix[
        matrix.index("Führungskräfte") : matrix.index("</tr>", matrix.index("Führungskräfte"))
    ]
    assert row.count("Bedarf: 2") == 1
    assert row.count('class="coverage__need"') == 1


def test_needs_table_answers_whether_offers_meet_the_need(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    make_need("kommunalpolitik", "fuehrungskraefte")  # one offer, one need: offers
    for _ in range(3):
        make_need("veraenderung-gestalten", "fachkraefte")  # no offer
    OfferFactory(audiences=["planungskraefte"], gaps=["innovative-arbeitsweisen"])
    for _ in range(2):
        make_need("innovative-arbeitsweisen", "planungskraefte")  # scarce
    make_need("interdisziplinaer-lernen", "fachkraefte", status=ContributionStatus.ARCHIVED)
    table = needs_table(client.get("/leerstellen/").content.decode())
    rows = table.split("<tr>")[2:]
    assert len(rows) == 3  # the archived need is not counted
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert texts[0].startswith("Veränderung gestalten : Fachkräfte 3 0 ungedeckt")
    assert texts[1].startswith("Innovative Arbeitsweisen : Planungskräfte 2 1 ")
    assert texts[1].endswith("knapp")
    assert texts[2].startswith("Zugang für Kommunalpolitik : Führungskräfte 1 1 ")
    assert texts[2].endswith("vorhanden")
    assert "?leerstelle=kommunalpolitik&amp;zielgruppe=fuehrungskraefte" in rows[2]


def test_needs_table_accessible_structure(client):
    make_need("kommunalpolitik", "fachkraefte")
    table = needs_table(client.get("/leerstellen/").content.decode())
    assert "<caption" in table
    assert table.count('<th scope="col">') == 3
    assert table.count('<th scope="row">') == 1


def test_needs_table_shows_no_names_or_texts(client):
    make_need(
        "kommunalpolitik",
        "fachkraefte",
        name="Kim Geheim",
        email="kim@stadt.example",
        text="Mein privater Bedarfstext",
    )
    html = client.get("/leerstellen/").content.decode()
    assert "Kim Geheim" not in html and "kim@stadt.example" not in html
    assert "Mein privater Bedarfstext" not in html


def test_coverage_without_needs_says_so(client):
    html = client.get("/leerstellen/").content.decode()
    assert "Bisher hat uns noch niemand einen fehlenden Bedarf gemeldet." in html
    assert "/mitdenken/?art=bedarf#bedarf" in html


def test_new_need_renews_cached_gap_list(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    index.flush()
    assert "Bedarf: 1" not in client.get("/leerstellen/").content.decode()
    make_need("kommunalpolitik", "fachkraefte")
    index.flush()
    assert "Bedarf: 1" in client.get("/leerstellen/").content.decode()


def test_gap_list_query_count_does_not_grow_with_needs(client, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    make_need("kommunalpolitik", "fachkraefte")
    index.flush()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/leerstellen/?a=1")
    for slug in ("innovative-arbeitsweisen", "veraenderung-gestalten", "kommunalpolitik"):
        for audience in ("fachkraefte", "fuehrungskraefte", "planungskraefte"):
            make_need(slug, audience)
    index.flush()
    with django_assert_num_queries(len(one)):
        client.get("/leerstellen/?a=2")


# One gap's page: offers and reported needs per audience


def gap_table(html):
    start = html.index('<table class="coverage coverage--list">')
    return html[start : html.index("</table>", start)]


def gap_rows(html):
    """{audience name: (offers, needs)} as the gap page's table shows them."""
    rows = {}
    for row in gap_table(html).split("<tr>")[2:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        name = re.sub(r"<[^>]+>", "", cells[0]).strip()
        offers, needs = (int(re.match(r"\d+", c).group()) for c in cells[1:])
        rows[name] = (offers, needs)
    return rows


def test_gap_page_shows_needs_per_audience_of_that_gap_only(client):
    OfferFactory(audiences=["fuehrungskraefte"], gaps=["kommunalpolitik"])
    make_need("kommunalpolitik", "fuehrungskraefte")
    make_need("kommunalpolitik", "fuehrungskraefte")
    make_need("kommunalpolitik", "fachkraefte")
    make_need("veraenderung-gestalten", "planungskraefte")  # another gap
    make_need("kommunalpolitik", "planungskraefte", status=ContributionStatus.ARCHIVED)
    rows = gap_rows(client.get("/leerstellen/kommunalpolitik/").content.decode())
    assert rows["Führungskräfte"] == (1, 2)
    assert rows["Fachkräfte"] == (0, 1)
    assert rows["Planungskräfte"] == (0, 0)
    assert len(rows) == Audience.objects.count()


def test_gap_page_needs_table_accessible_and_links_to_reporting(client):
    make_need("kommunalpolitik", "fachkraefte", name="Kim Geheim", text="Privater Text")
    html = client.get("/leerstellen/kommunalpolitik/").content.decode()
    table = gap_table(html)
    assert "<caption" in table
    assert table.count('<th scope="col">') == 3 and '<th scope="col">Bedarfe</th>' in table
    assert table.count('<th scope="row">') == Audience.objects.count()
    assert '1<span class="visually-hidden"> Meldung</span>' in table
    assert "Kim Geheim" not in html and "Privater Text" not in html
    assert "/mitdenken/?art=bedarf&amp;leerstelle=kommunalpolitik#bedarf" in html


def test_gap_page_renewed_after_a_new_need(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    index.flush()
    url = "/leerstellen/kommunalpolitik/"
    assert gap_rows(client.get(url).content.decode())["Fachkräfte"] == (0, 0)
    make_need("kommunalpolitik", "fachkraefte")
    index.flush()
    assert gap_rows(client.get(url).content.decode())["Fachkräfte"] == (0, 1)


def test_gap_page_query_count_does_not_grow_with_needs(client, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    make_need("kommunalpolitik", "fachkraefte")
    OfferFactory(audiences=["fachkraefte"], gaps=["kommunalpolitik"])
    index.flush()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/leerstellen/kommunalpolitik/?a=1")
    for slug in ("kommunalpolitik", "veraenderung-gestalten"):
        for audience in ("fachkraefte", "fuehrungskraefte", "planungskraefte"):
            make_need(slug, audience)
            OfferFactory(audiences=[audience], gaps=[slug])
    index.flush()
    with django_assert_num_queries(len(one)):
        client.get("/leerstellen/kommunalpolitik/?a=2")
