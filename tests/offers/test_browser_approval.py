"""Getting a training approved, in Chromium with axe-core: the sheet for one offer, and the
Merkliste built without JavaScript from the catalogue and an offer page, at 320 px too."""

import re

import pytest
from playwright.sync_api import expect

from offers.catalogue import index
from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Elements sticking out on the right (wide tables may scroll inside their own box).
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .filter((el) => !el.parentElement.closest('.table-scroll'))
  .slice(0, 3)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`)"""


def assert_fits(page, width, what):
    page.set_viewport_size({"width": width, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{what} is {scroll_width}px wide: {page.evaluate(TOO_WIDE, width)}"
    )


@pytest.fixture
def offers(live_site, seeded):
    made = [
        OfferFactory(
            title="Beteiligungsverfahren rechtssicher und wirksam steuern",
            slug="beteiligung-steuern",
            duration="3 Module à 2 Stunden",
            time_commitment_hours=6,
            is_free=False,
            cost_eur=249,
            certificate=True,
            url="https://anbieterin.example/fortbildungen/beteiligungsverfahren-rechtssicher-steuern-2027",
            gaps=["veraenderung-gestalten"],
        ),
        OfferFactory(title="Netzwerke koordinieren", slug="netzwerke"),
        OfferFactory(title="Daten verstehen", slug="daten"),
    ]
    index.flush()
    return made


def test_sheet_journey_from_offer_page_to_print_and_pdf(page, live_site, offers):
    page.goto(live_site + "/angebote/beteiligung-steuern/")
    assert_no_axe_violations(page, "offer page")
    assert_fits(page, 320, "offer page")
    page.set_viewport_size({"width": 1280, "height": 800})
    box = page.get_by_role("region", name="Für den Fortbildungsantrag")
    box.get_by_role("link", name="Antragsblatt ansehen und drucken").click()
    expect(page).to_have_url(re.compile(r"/angebote/beteiligung-steuern/fortbildungsantrag/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Für den Fortbildungsantrag")
    table = page.get_by_role("table", name=re.compile("Angaben zum Angebot"))
    expect(table.get_by_role("row", name=re.compile("Kosten"))).to_contain_text("249 €")
    expect(page.get_by_role("heading", name="Begründung")).to_be_visible()
    assert_no_axe_violations(page, "sheet page")
    assert_fits(page, 320, "sheet page")

    pdf_link = page.get_by_role("link", name="Als PDF herunterladen")
    response = page.request.get(live_site + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    # On paper: the sheet alone, without the site's navigation and the links above it.
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".sheet-actions").is_hidden()
    assert page.get_by_role("heading", name="Antrag und Genehmigung").is_visible()


def test_shortlist_journey_with_plain_links(browser, live_site, offers, settings):
    # axe-core needs JavaScript; the journey itself follows plain links, and the last
    # step opens the list in a browser without JavaScript.
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(live_site + "/angebote/?sortierung=titel")

    # Two offers from the result list: each link is the same page with one offer more.
    page.get_by_role("article", name="Netzwerke koordinieren").get_by_role(
        "link", name="Auf die Merkliste"
    ).click()
    expect(page.get_by_text("Ihre Merkliste: 1 Angebot.")).to_be_visible()
    page.get_by_role("article", name="Daten verstehen").get_by_role(
        "link", name="Auf die Merkliste"
    ).click()
    expect(page.get_by_text("Ihre Merkliste: 2 Angebote.")).to_be_visible()
    expect(page.get_by_text("Auf der Merkliste", exact=True)).to_have_count(2)
    assert "sortierung=titel" in page.url
    assert_no_axe_violations(page, "catalogue with a Merkliste")
    assert_fits(page, 320, "catalogue with a Merkliste")
    page.set_viewport_size({"width": 1280, "height": 800})

    # A third from its offer page: the list came along in the offer link.
    page.get_by_role(
        "link", name="Beteiligungsverfahren rechtssicher und wirksam steuern"
    ).first.click()
    page.get_by_role("region", name="Für den Fortbildungsantrag").get_by_role(
        "link", name="Auf die Merkliste"
    ).click()
    expect(page).to_have_url(re.compile(r"/merkliste/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merkliste")
    entries = page.get_by_role("list", name="Ihre Angebote").get_by_role("listitem")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Netzwerke koordinieren")
    compare = page.get_by_role("table", name="Die Angebote der Merkliste nebeneinander")
    expect(compare.get_by_role("columnheader")).to_have_count(4)
    expect(compare.get_by_role("row", name=re.compile("Kosten"))).to_contain_text("249 €")
    assert_no_axe_violations(page, "Merkliste")
    assert_fits(page, 320, "Merkliste")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The address is the list: opened anew (another browser without JavaScript or
    # cookies), it is the same list.
    address = page.get_by_label(re.compile("Adresse Ihrer Merkliste")).input_value()
    assert context.cookies() == []
    no_script = browser.new_context(java_script_enabled=False, locale="de-DE")
    other = no_script.new_page()
    assert address.startswith(settings.SITE_URL + "/merkliste/?")
    other.goto(live_site + address.removeprefix(settings.SITE_URL))
    assert other.locator(".shortlist li").count() == 3
    no_script.close()

    # Remove one, then print the sheets of the rest.
    page.get_by_role("link", name="Entfernen: Daten verstehen").click()
    expect(entries).to_have_count(2)
    page.get_by_role("link", name=re.compile("Antragsblätter für alle 2 Angebote")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Für den Fortbildungsantrag: 2 Angebote"
    )
    expect(page.locator("article.sheet")).to_have_count(2)
    assert_no_axe_violations(page, "sheets of the Merkliste")
    assert_fits(page, 320, "sheets of the Merkliste")

    # Back in the catalogue the list is still there, with the filters left before.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Zurück zur Merkliste").click()
    page.get_by_role("link", name="Weitere Angebote hinzufügen").click()
    expect(page.get_by_text("Ihre Merkliste: 2 Angebote.")).to_be_visible()
    assert "sortierung=titel" in page.url
    context.close()
