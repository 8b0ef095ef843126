"""Accessibility details beyond axe-core, measured in Chromium: the catalogue's result
count after filtering, text spacing (WCAG 1.4.12), link looks (1.4.11) and forced colours."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations
from tests.offers.factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# WCAG 1.4.12: the spacing a reader's own stylesheet may set; nothing may be lost or overlap.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)

CONTRAST = """([a, b]) => {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.fixture
def offers():
    OfferFactory(
        title="Führung im digitalen Wandel",
        slug="fuehrung-digital",
        audiences=["fuehrungskraefte"],
        tags=["Verwaltungsmodernisierungsprozesse"],
        is_demo=True,
    )
    OfferFactory(title="Beteiligung planen", audiences=["planungskraefte"])


def test_catalogue_after_filtering_title_says_count_and_focus_on_results(page, live_site, offers):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + "/angebote/")
    expect(page).to_have_title(re.compile(r"^Angebote – "))
    page.get_by_role("checkbox", name=re.compile(r"^Führungskräfte")).check()
    page.get_by_role("button", name="Filter anwenden").first.click()
    expect(page).to_have_title(re.compile(r"^1 Treffer – Angebote – "))
    heading = page.get_by_role("heading", name="1 Angebot gefunden")
    expect(heading).to_be_focused()
    assert heading.evaluate("el => el.getBoundingClientRect().top >= 0")
    assert_no_axe_violations(page, "catalogue after filtering")


def test_catalogue_search_title_says_count(page, live_site, offers):
    page.goto(live_site + "/angebote/?q=Beteiligung")
    title = re.match(r"^(\d+) Treffer – Suche „Beteiligung“ – Angebote", page.title())
    assert title, page.title()
    heading = page.locator("#results-title").inner_text()
    assert heading.startswith(f"{title.group(1)} Angebot")


@pytest.mark.parametrize("width", [1280, 1024, 900])
def test_catalogue_text_spacing_filter_boxes_stay_in_their_column(
    browser, live_site, offers, width
):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_site + "/angebote/")
    page.add_style_tag(content=TEXT_SPACING)
    overlapping = page.evaluate(
        """() => {
          const results = document.querySelector('.results').getBoundingClientRect();
          return [...document.querySelectorAll('.facets fieldset, .facets label')]
            .filter((el) => el.getBoundingClientRect().right > results.left + 0.5)
            .map((el) => el.textContent.trim().slice(0, 40));
        }"""
    )
    context.close()
    assert overlapping == []


def test_offer_page_tag_links_look_like_links_unlike_demo_badge(page, live_site, offers):
    page.goto(live_site + "/angebote/fuehrung-digital/")
    tag = page.get_by_role("link", name="Verwaltungsmodernisierungsprozesse")
    badge = page.locator(".badge--demo").first
    assert "underline" in tag.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "underline" not in badge.evaluate("el => getComputedStyle(el).textDecorationLine")
    border = tag.evaluate("el => getComputedStyle(el).borderTopColor")
    background = tag.evaluate("el => getComputedStyle(el.parentElement).backgroundColor")
    background = "rgb(255, 255, 255)" if background == "rgba(0, 0, 0, 0)" else background
    assert page.evaluate(CONTRAST, [border, background]) >= 3
    assert_no_axe_violations(page, "offer page with tags")


def test_main_navigation_forced_colours_current_page_marked_only(page, live_site):
    page.emulate_media(forced_colors="active")
    page.goto(live_site + "/formate/")
    links = page.locator(".main-nav a")
    styles = links.evaluate_all(
        """(els) => els.map((el) => ({
          current: el.getAttribute('aria-current') === 'page',
          border: getComputedStyle(el).borderBottomStyle !== 'none'
                  && parseFloat(getComputedStyle(el).borderBottomWidth) > 0,
        }))"""
    )
    assert [s["current"] for s in styles].count(True) == 1
    for style in styles:
        # In forced colours every border shows in the system colour: only the current
        # page's link may have one.
        assert style["border"] == style["current"], styles


@pytest.mark.parametrize("viewport", [(375, 700), (1280, 900)])
def test_catalogue_ticked_box_pending_hint_with_button_next_to_it(
    page, live_site, offers, viewport
):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_site + "/angebote/")
    box = page.get_by_role("checkbox", name=re.compile(r"^Führungskräfte"))
    box.check()
    hint = page.locator("[data-pending-hint]")
    expect(hint).to_be_visible()
    distance = hint.bounding_box()["y"] - box.bounding_box()["y"]
    assert 0 < distance < height / 2, f"hint {distance:.0f} px below the box"
    hint.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_focused()
    assert_no_axe_violations(page, f"catalogue filtered at {width} px")


@pytest.mark.parametrize("width", [320, 375])
def test_main_navigation_on_phones_one_line_and_header_search_visible(page, live_site, width):
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(live_site + "/formate/")
    tops = page.locator(".main-nav li").evaluate_all(
        "(items) => items.map((li) => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) == 4
    assert len(set(tops)) == 1, tops
    expect(page.get_by_role("searchbox", name="Angebote durchsuchen")).to_be_visible()
