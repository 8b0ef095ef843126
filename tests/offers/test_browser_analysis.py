"""A reader finds the analysis from home and a gap page, reads it and filters by a property.

Chromium through Playwright, axe-core on every page passed, and the page at 320 px.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Heading levels in document order.
HEADING_LEVELS = "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"


@pytest.fixture
def everyday_offer(live_site):
    return OfferFactory(title="Kollegiale Fallberatung im Amt", everyday_practice=True)


def assert_headings_in_order(page):
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_analysis_journey_from_home_to_a_filtered_catalogue(page, live_site, everyday_offer):
    page.goto(live_site + "/")
    page.get_by_role("link", name="was wir untersucht haben und wie wir vorgegangen sind").click()
    expect(page).to_have_url(live_site + "/analyse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsere Analyse im Überblick")
    assert_headings_in_order(page)
    assert_no_axe_violations(page, "analysis page")

    page.get_by_role("link", name="Was wir unter integriertem Arbeiten verstehen").click()
    expect(page).to_have_url(re.compile(r"/analyse/#integriertes-arbeiten$"))
    page.get_by_role("link", name="Angebote, die integriertes Arbeiten im Alltag stärken").click()
    expect(page).to_have_url(re.compile(r"/angebote/\?integriert=im-alltag$"))
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    expect(
        page.get_by_role("checkbox", name=re.compile(r"^im Arbeitsalltag gelebt"))
    ).to_be_checked()
    assert_no_axe_violations(page, "catalogue filtered by a property of integrated work")

    # Any property, chosen in the facet, widens the selection.
    page.get_by_role("checkbox", name=re.compile(r"^im Arbeitsalltag gelebt")).uncheck()
    page.get_by_role("button", name="Filter anwenden").first.click()
    expect(page).not_to_have_url(re.compile(r"integriert="))


def test_analysis_reached_from_a_gap_page_and_offers_the_pdf(page, live_site):
    page.goto(live_site + "/leerstellen/kommunalpolitik/")
    page.get_by_role("link", name="unserer Analyse der Unterstützungsangebote").click()
    expect(page).to_have_url(live_site + "/analyse/")
    link = page.get_by_role("link", name="Analyse als PDF herunterladen")
    assert link.get_attribute("href") == "/analyse/impulspapier.pdf"
    # Every gap card leads back to its gap.
    for name in ["Innovative Arbeitsweisen", "Zugang für Kommunalpolitik"]:
        expect(page.get_by_role("link", name=re.compile(name)).first).to_be_visible()


def test_analysis_page_at_320_px_fits_and_passes_axe(page, live_site):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site + "/analyse/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page, "analysis page at 320 px")
