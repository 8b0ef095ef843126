"""Counts read as German: one offer is "1 Angebot", also where only a screen reader hears it."""

import re

import pytest

from offers.models import Gap

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def facet_label(html: str, label: str) -> str:
    """The text of a filter option's label, tags removed: what a screen reader reads."""
    match = re.search(rf"{re.escape(label)} <span class=\"facet-count\">(.*?)</span></span>", html)
    assert match, label
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_catalogue_filter_count_one_offer_singular_more_plural(client):
    OfferFactory(audiences=["fuehrungskraefte", "planungskraefte"])
    OfferFactory(audiences=["planungskraefte"])
    html = client.get("/angebote/").content.decode()
    assert facet_label(html, "Führungskräfte") == "(1 Angebot)"
    assert facet_label(html, "Planungskräfte") == "(2 Angebote)"
    assert '(1<span class="visually-hidden"> Angebote</span>)' not in html


def test_gap_page_link_to_catalogue_one_offer_singular(client):
    gap = Gap.objects.get(slug="digital-niedrigschwellig")
    OfferFactory(gaps=[gap.slug])
    html = client.get(gap.get_absolute_url()).content.decode()
    assert f"Das Angebot zu „{gap.name}“ im Katalog" in html
    assert "Alle 1 Angebote" not in html


def test_gap_page_link_to_catalogue_several_offers_plural(client):
    gap = Gap.objects.get(slug="digital-niedrigschwellig")
    OfferFactory(gaps=[gap.slug])
    OfferFactory(gaps=[gap.slug])
    html = client.get(gap.get_absolute_url()).content.decode()
    assert f"Alle 2 Angebote zu „{gap.name}“ im Katalog" in html
