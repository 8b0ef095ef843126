"""The catalogue's first screen, in Chromium: on a phone the first result shows at once,
and on a desktop the keyboard reaches the filters (drawn left, but after the results in
the page) in a few Tab presses."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A small phone with the browser's own bars taking their share of the height.
PHONE = {"width": 375, "height": 553}


@pytest.fixture
def offers():
    for number in range(12):
        OfferFactory(
            title=f"Verwaltungsmodernisierung gemeinsam gestalten, Teil {number + 1}",
            audiences=["fuehrungskraefte", "planungskraefte"],
            gaps=["digital-niedrigschwellig"],
            topics=["beteiligung"],
        )


def first_result_bottom(page) -> float:
    box = page.locator(".offer-list li h3").first.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("javascript", [True, False])
def test_catalogue_small_phone_first_result_title_on_first_screen(
    browser, live_site, offers, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_site + "/angebote/")
    bottom = first_result_bottom(page)
    # The sort select and its button share one line.
    select = page.get_by_label("Sortierung").bounding_box()
    button = page.get_by_role("button", name="Sortieren").bounding_box()
    context.close()
    assert bottom <= PHONE["height"], f"first result title ends at {bottom:.0f} px"
    assert abs(select["y"] - button["y"]) < select["height"], (select, button)


def test_catalogue_small_phone_after_filtering_first_result_title_visible(page, live_site, offers):
    page.set_viewport_size(PHONE)
    page.goto(live_site + "/angebote/?zielgruppe=fuehrungskraefte")
    assert first_result_bottom(page) <= PHONE["height"]
    assert_no_axe_violations(page, "catalogue filtered on a small phone")


def test_catalogue_desktop_filters_few_tabs_from_page_top(page, live_site, offers):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + "/angebote/")
    link = page.locator('a[href="#filter-title"]')
    presses = 0
    while presses < 15:
        page.keyboard.press("Tab")
        presses += 1
        if link.evaluate("el => el === document.activeElement"):
            break
    assert presses < 15, "the link to the filters is not reachable by Tab"
    # Visible while it has the focus, inside the screen.
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["width"] > 20 and box["height"] > 10 and 0 <= box["y"] < 900
    assert_no_axe_violations(page, "catalogue with the filter link focused")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filter anwenden").first).to_be_focused()


def test_catalogue_desktop_filter_link_out_of_sight_until_focused(page, live_site, offers):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + "/angebote/")
    link = page.locator('a[href="#filter-title"]')
    expect(link).to_have_text("Zu den Filtern")
    box = link.locator("xpath=..").bounding_box()  # the clipped box around the link
    assert box is None or box["width"] <= 1 or box["height"] <= 1
    expect(page.get_by_role("heading", name=re.compile(r"^12 Angebote gefunden"))).to_be_visible()
