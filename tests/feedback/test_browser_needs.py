"""A municipal reader reports a missing offer from the coverage table; the need is counted there.

Chromium through Playwright, axe-core on the form (with and without errors), the
thank-you page, /leerstellen/ with the needs table, and an offer page with a story.
"""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import ContributionKind, Need
from offers.catalogue import index
from tests.a11y import assert_no_axe_violations
from tests.feedback.factories import ContributionFactory
from tests.offers.factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_reports_need_and_sees_it_counted(page, live_site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(f"{live_site}/leerstellen/")
    expect(
        page.get_by_text("Bisher hat uns noch niemand einen fehlenden Bedarf gemeldet.")
    ).to_be_visible()
    page.get_by_role("link", name="Melden Sie den Bedarf").click()
    expect(page.get_by_role("radio", name=re.compile("^Bedarf melden"))).to_be_checked()

    # Progressive enhancement: the need fields show only for "Bedarf melden".
    need_fields = page.get_by_role("group", name="Nur für „Bedarf melden“")
    expect(need_fields).to_be_visible()
    page.get_by_role("radio", name="Kommentar").check()
    expect(need_fields).to_be_hidden()
    page.get_by_role("radio", name=re.compile("^Bedarf melden")).check()
    expect(need_fields).to_be_visible()
    assert_no_axe_violations(page, "need form")

    # Sent without audience and gap: errors, the text stays.
    page.get_by_label("Ihr Beitrag").fill("Eine Abendschulung für neue Ratsmitglieder fehlt.")
    page.get_by_role("radio", name="andere", exact=True).check()
    page.get_by_label("Ihr Name").fill("Ruth Rat")
    page.get_by_label("Ihre E-Mail-Adresse").fill("ruth@gemeinde.example")
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Beitrag senden").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name=re.compile("Für wen fehlt das Angebot"))
    ).to_be_visible()
    expect(page.get_by_label("Ihr Beitrag")).to_have_value(
        "Eine Abendschulung für neue Ratsmitglieder fehlt."
    )
    expect(need_fields).to_be_visible()
    assert_no_axe_violations(page, "need form with errors")

    page.get_by_label("Für wen fehlt das Angebot?").select_option("kommunalpolitiker-innen")
    page.get_by_label("Bezug zu einer Leerstelle").select_option("kommunalpolitik")
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Beitrag senden").click()
    expect(page.get_by_role("heading", name="Danke für Ihren Beitrag!")).to_be_visible()
    assert Need.objects.get().audience.slug == "kommunalpolitiker-innen"

    # Counted in the table beside the offers (no offer there yet): nothing personal shown.
    page.goto(f"{live_site}/leerstellen/")
    table = page.get_by_role("table", name=re.compile("Gemeldete Bedarfe und vorhandene Angebote"))
    header = page.get_by_role(
        "rowheader", name=re.compile("Zugang für Kommunalpolitik.*Kommunalpolitiker:innen")
    )
    row = table.get_by_role("row").filter(has=header)
    expect(row).to_contain_text("ungedeckt")
    expect(page.get_by_text("Ruth Rat")).to_have_count(0)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_no_axe_violations(page, f"/leerstellen/ with needs at {width} px")


def test_offer_page_shows_practitioner_story(page, live_site):
    offer = OfferFactory(title="Netzwerkwerkstatt")
    ContributionFactory(
        kind=ContributionKind.EXPERIENCE,
        offer=offer,
        published=True,
        text="Nach der Werkstatt haben wir unser Netzwerk neu aufgestellt.",
    )
    index.flush()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site + offer.get_absolute_url())
    section = page.get_by_role("region", name="Erfahrungen aus der Praxis")
    expect(section).to_contain_text("Nach der Werkstatt haben wir unser Netzwerk neu aufgestellt.")
    expect(section).to_contain_text("anonym")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page, "offer page with a story")
