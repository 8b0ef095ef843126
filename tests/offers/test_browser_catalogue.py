"""A municipal reader's journey through the catalogue, in Chromium, with axe-core on every page."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogue_data():
    OfferFactory(
        title="Führung im digitalen Wandel",
        summary="Kurzformat für Leitungen.",
        audiences=["fuehrungskraefte"],
        gaps=["digital-niedrigschwellig"],
        tags=["Lean Coffee"],
    )
    OfferFactory(
        title="Beteiligung planen",
        audiences=["planungskraefte"],
        gaps=["digital-niedrigschwellig"],
        topics=["beteiligung"],
    )
    OfferFactory(
        title="Netzwerke steuern",
        audiences=["netzwerkkoordinator-innen", "fuehrungskraefte"],
        gaps=["veraenderung-gestalten"],
    )


def check(page, what):
    assert_no_axe_violations(page, what)


def test_catalogue_journey_keeps_state_in_url(page, live_site, catalogue_data):
    page.goto(live_site + "/")
    check(page, "home")
    page.get_by_role("link", name=re.compile(r"Digital und niedrigschwellig")).first.click()
    expect(page).to_have_url(re.compile(r"/angebote/\?leerstelle=digital-niedrigschwellig$"))
    expect(page.get_by_role("heading", name="2 Angebote gefunden")).to_be_visible()
    check(page, "catalogue filtered by gap")

    # Narrow by audience: tick the box, apply.
    page.get_by_role("checkbox", name=re.compile(r"^Führungskräfte")).check()
    page.get_by_role("button", name="Filter anwenden").first.click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    assert "zielgruppe=fuehrungskraefte" in page.url
    check(page, "catalogue with two filters")

    # Remove the gap chip: the audience filter stays.
    page.get_by_role("link", name=re.compile(r"Leerstelle: Digital und niedrigschwellig")).click()
    assert "leerstelle" not in page.url and "zielgruppe=fuehrungskraefte" in page.url
    expect(page.get_by_role("heading", name="2 Angebote gefunden")).to_be_visible()

    # Search within the current selection (umlaut spelled out; the audience
    # "Führungskräfte" alone would match "Fuehrung" too).
    page.get_by_label("Suchbegriff").fill("Fuehrung Wandel")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    assert "q=Fuehrung" in page.url and "zielgruppe=fuehrungskraefte" in page.url
    state = page.url

    page.get_by_role("link", name="Führung im digitalen Wandel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Führung im digitalen Wandel")
    check(page, "offer detail")
    # The way back by link keeps the selection (issue 17), as does the browser's back button.
    page.get_by_role("link", name="Zurück zur Trefferliste").click()
    assert parse_qs(urlsplit(page.url).query) == parse_qs(urlsplit(state).query)
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    state = page.url
    page.get_by_role("link", name="Führung im digitalen Wandel").click()
    page.go_back()
    assert page.url == state
    expect(page.get_by_label("Suchbegriff")).to_have_value("Fuehrung Wandel")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Führungskräfte"))).to_be_checked()


@pytest.mark.parametrize("width", [1280, 375])
def test_public_catalogue_pages_have_no_axe_violations(page, live_site, catalogue_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in [
        "/",
        "/angebote/",
        "/angebote/?leerstelle=digital-niedrigschwellig&zielgruppe=fuehrungskraefte&q=F%C3%BChrung",
        "/angebote/?zielgruppe=unbekannt&seite=abc",
        "/angebote/fuehrung-im-digitalen-wandel/",
        "/leerstellen/",
        "/leerstellen/digital-niedrigschwellig/",
    ]:
        if path == "/angebote/fuehrung-im-digitalen-wandel/":
            page.goto(live_site + "/angebote/?q=digitalen")
            page.get_by_role("link", name="Führung im digitalen Wandel").click()
        else:
            page.goto(live_site + path)
        check(page, f"{path} at {width}px")


def test_catalogue_keyboard_skip_link_and_visible_focus(page, live_site, catalogue_data):
    page.goto(live_site + "/angebote/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    # Every interactive control can be reached by Tab and shows a focus outline.
    seen = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return [el.tagName, el.getAttribute('name') || el.textContent.trim().slice(0, 30),
                        s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
        )
        tag, name, outline_style, outline_width, shadow = info
        if tag == "BODY":
            break
        assert outline_style != "none" and outline_width != "0px" or shadow != "none", info
        seen.add((tag, name))
    assert ("INPUT", "q") in seen
    assert ("INPUT", "zielgruppe") in seen
    assert ("SELECT", "sortierung") in seen


def test_catalogue_on_a_phone_shows_a_result_at_once_and_lands_at_results(
    page, live_site, catalogue_data
):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_site + "/angebote/")
    title = page.locator(".offer-list li h3").first.bounding_box()
    assert title["y"] + title["height"] <= 667, "the first result is below the first screen"
    check(page, "catalogue on a phone")
    # Filters come after the results; applying them lands at the results again.
    page.get_by_role("link", name="Zu den Filtern").click()
    page.get_by_role("checkbox", name=re.compile(r"^Führungskräfte")).check()
    page.get_by_role("button", name="Filter anwenden").first.click()
    expect(page).to_have_url(re.compile(r"#results-title$"))
    heading = page.get_by_role("heading", name="2 Angebote gefunden")
    expect(heading).to_be_in_viewport()


def test_a_new_search_after_choosing_an_order_is_ordered_by_relevance(
    page, live_site, catalogue_data
):
    # The sort menu shares the search box's form (issue 14): an order chosen for one query
    # does not carry over to the next; with the same query (Enter in another field) it stays.
    page.goto(live_site + "/angebote/?q=Netzwerke&sortierung=titel")
    expect(page.get_by_label("Sortierung")).to_have_value("titel")
    page.get_by_label("Suchbegriff").fill("Beteiligung")
    page.get_by_label("Suchbegriff").press("Enter")
    expect(page).to_have_url(re.compile(r"q=Beteiligung"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["Beteiligung"] and "suche" not in query
    assert query.get("sortierung", [""]) == [""]
    expect(page.get_by_label("Sortierung")).to_have_value("")
    # By relevance: the title match first.
    expect(page.locator(".offer-card h3").first).to_have_text("Beteiligung planen")
    check(page, "catalogue after a new search")

    page.get_by_label("Sortierung").select_option("titel")
    page.get_by_role("button", name="Sortieren").click()
    page.get_by_role("checkbox", name=re.compile(r"^Planungskräfte")).check()
    page.get_by_role("button", name="Filter anwenden").first.click()
    assert "sortierung=titel" in page.url
    page.get_by_label("Suchbegriff").press("Enter")
    assert "sortierung=titel" in page.url and "suche" not in page.url
