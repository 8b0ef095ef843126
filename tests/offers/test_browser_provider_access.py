"""A provider who lost the edit link gets the overview by e-mail and a fresh link from there;
someone else submitting a look-alike offer is warned first.

Chromium through Playwright, axe-core on every page passed.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from offers.models import Offer, OfferStatus
from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory, ProviderFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def provider_offers(seeded):
    provider = ProviderFactory(name="Forum Agile Kommune", email="info@forum.example")
    OfferFactory(title="Agil im Amt", provider=provider, contact_email="alex@forum.example")
    OfferFactory(
        title="Kanban-Werkstatt",
        provider=provider,
        contact_email="alex@forum.example",
        status=OfferStatus.SUBMITTED,
    )
    return provider


def test_provider_gets_overview_and_new_edit_link(page, live_site, settings, provider_offers):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_site}/angebote/einreichen/")
    page.get_by_role("link", name="Übersicht „Meine Angebote“").click()
    expect(page.get_by_role("heading", name="Meine Angebote: Übersicht anfordern")).to_be_visible()
    assert_no_axe_violations(page, "overview request")

    # A typo first: the error summary gets focus, the input stays.
    page.get_by_label("E-Mail-Adresse, die bei Ihren Angeboten steht").fill("alex@forum")
    page.get_by_role("button", name="Link zur Übersicht anfordern").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("E-Mail-Adresse, die bei Ihren Angeboten steht")).to_have_value(
        "alex@forum"
    )
    assert_no_axe_violations(page, "overview request with error")

    page.get_by_label("E-Mail-Adresse, die bei Ihren Angeboten steht").fill("alex@forum.example")
    page.get_by_role("button", name="Link zur Übersicht anfordern").click()
    expect(page.get_by_role("heading", name="Bitte sehen Sie in Ihr Postfach")).to_be_visible()
    assert_no_axe_violations(page, "overview requested")

    path = re.search(r"/angebote/meine/[^/\s]+/", mail.outbox[-1].body).group(0)
    page.goto(live_site + path)
    expect(page.get_by_role("heading", name="Agil im Amt")).to_be_visible()
    expect(page.get_by_role("heading", name="Kanban-Werkstatt")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page, "overview")

    page.get_by_role(
        "button", name="Neuen Bearbeitungslink schicken für „Kanban-Werkstatt“"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Kanban-Werkstatt")
    edit_path = re.search(r"/angebote/bearbeiten/[A-Za-z0-9_-]{43}/", mail.outbox[-1].body)
    page.goto(live_site + edit_path.group(0))
    expect(page.get_by_label("Titel des Angebots")).to_have_value("Kanban-Werkstatt")


def test_look_alike_submission_is_warned_then_confirmed(page, live_site, settings, provider_offers):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.goto(f"{live_site}/angebote/einreichen/")
    page.get_by_label("Titel des Angebots").fill("Agil im Amt!")
    page.get_by_label("Kurzbeschreibung").fill("Agile Methoden für Ämter.")
    page.get_by_role("radio", name="Fortbildung / Weiterbildung").check()
    page.get_by_role("checkbox", name="Führungskräfte", exact=True).check()
    page.get_by_role("checkbox", name="Beteiligung", exact=True).check()
    page.get_by_role("radio", name="digital, live").check()
    page.get_by_role("radio", name="kostenfrei").check()
    page.get_by_label("Name der Anbieter:in").fill("Forum Agile Kommune")
    page.get_by_label("Art der Anbieter:in").select_option("verein")
    page.get_by_label("Ansprechperson").fill("Alex Beispiel")
    page.get_by_label("E-Mail-Adresse für das Angebot").fill("alex@forum.example")
    page.get_by_role("checkbox", name=re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Angebot einreichen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Mögliches Doppel")
    expect(page.get_by_role("heading", name="Gibt es dieses Angebot schon?")).to_be_visible()
    expect(page.get_by_role("link", name="„Agil im Amt“")).to_be_visible()
    expect(page.get_by_label("Titel des Angebots")).to_have_value("Agil im Amt!")
    assert_no_axe_violations(page, "submission with duplicate warning")
    assert Offer.objects.count() == 2

    page.get_by_label(
        "Ich habe die ähnlichen Angebote geprüft: Mein Angebot ist ein anderes."
    ).check()
    page.get_by_role("checkbox", name=re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Angebot einreichen").click()
    expect(page).to_have_url(re.compile("/angebote/einreichen/danke/"))
    assert Offer.objects.count() == 3
