"""First browser checks on the shared layout: skip link and axe-core, desktop and phone width."""

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = pytest.mark.browser

PAGES = ["/", "/impressum/"]
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 812)}


@pytest.mark.parametrize("path", PAGES)
def test_skip_link_first_tab_is_focused_visible_and_jumps_to_content(page, live_site, path):
    response = page.goto(live_site + path)
    assert response.status == 200

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    expect(focused).to_have_attribute("href", "#inhalt")
    expect(focused).to_contain_text("Inhalt")
    expect(focused).to_be_in_viewport()
    box = focused.bounding_box()
    # A visually hidden link (1 px clip) does not count: it must show on focus.
    assert box["width"] >= 10
    assert box["height"] >= 10

    page.keyboard.press("Enter")
    expect(page.locator("#inhalt")).to_be_focused()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_page_axe_scan_at_viewport_has_no_violations(page, live_site, path, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})

    response = page.goto(live_site + path)
    assert response.status == 200

    assert_no_axe_violations(page, f"{path} at {width} px")
