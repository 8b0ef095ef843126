"""Layout a person expects: gap cards in balanced rows, offer pages and lists on paper."""

import pytest

from offers.catalogue import index

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def card_rows(page):
    tops = page.locator(".gap-grid > li").evaluate_all(
        "cards => cards.map(card => Math.round(card.getBoundingClientRect().top))"
    )
    rows = {}
    for top in tops:
        rows[top] = rows.get(top, 0) + 1
    return sorted(rows.values(), reverse=True)


@pytest.mark.parametrize(("width", "rows"), [(1280, [3, 2]), (800, [3, 2]), (375, [1] * 5)])
def test_gap_cards_never_leave_one_alone_on_a_row(page, live_site, width, rows):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site + "/")
    assert card_rows(page) == rows


def test_offer_page_and_result_list_print_without_controls(page, live_site):
    offer = OfferFactory(title="Auf Papier", url="https://anbieterin.example/kurs")
    index.flush()
    page.emulate_media(media="print")
    page.goto(live_site + "/angebote/")
    assert page.locator(".facets").is_hidden()
    assert page.locator(".search-box").is_hidden()
    assert page.locator(".offer-list").is_visible()
    page.goto(live_site + offer.get_absolute_url())
    assert page.locator(".site-header nav").is_hidden()
    assert page.get_by_role("heading", level=1).is_visible()
