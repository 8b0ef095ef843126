"""A person subscribes to new offers from a filtered catalogue page, in Chromium, with axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from offers.models import SearchAlert
from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def no_wider_than(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_alert_subscribe_from_filtered_page_confirm_manage_unsubscribe(page, live_site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0  # the browser fills the form faster than a person
    OfferFactory(title="Führung im digitalen Wandel", audiences=["fuehrungskraefte"])
    page.goto(live_site + "/angebote/?zielgruppe=fuehrungskraefte")
    page.get_by_role("link", name="Bei neuen Angeboten benachrichtigen").click()
    expect(page).to_have_url(re.compile(r"/abo/neu/\?zielgruppe=fuehrungskraefte$"))
    expect(page.get_by_text("Zielgruppe: Führungskräfte")).to_be_visible()
    assert_no_axe_violations(page, "alert form")

    # Sent without an address: the summary gets focus, what was chosen stays.
    page.get_by_label("wöchentlich").check()
    page.get_by_role("button", name="Suchabo anlegen").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("wöchentlich")).to_be_checked()
    assert_no_axe_violations(page, "alert form with errors")

    page.get_by_role("link", name=re.compile("Ihre E-Mail-Adresse")).click()
    expect(page.get_by_label(re.compile("Ihre E-Mail-Adresse"))).to_be_focused()
    page.keyboard.type("leitung@kommune.example")
    page.get_by_label(re.compile("Datenschutzhinweise gelesen")).check()
    page.get_by_role("button", name="Suchabo anlegen").click()
    expect(page.get_by_role("heading", name=re.compile("Bitte bestätigen Sie"))).to_be_visible()
    assert_no_axe_violations(page, "alert requested")
    assert SearchAlert.objects.get().query == "zielgruppe=fuehrungskraefte"

    confirm_url = re.search(r"http://\S+/bestaetigen/", mail.outbox[-1].body).group(0)
    page.goto(live_site + "/" + confirm_url.split("://", 1)[1].split("/", 1)[1])
    assert_no_axe_violations(page, "alert confirm")
    page.get_by_role("button", name="Ja, Suchabo bestätigen").click()
    expect(page.get_by_text("Danke, Ihr Suchabo ist bestätigt.")).to_be_visible()
    assert_no_axe_violations(page, "alert manage")
    no_wider_than(page, 320)

    page.get_by_role("link", name="Suchabo beenden").click()
    assert_no_axe_violations(page, "alert unsubscribe")
    page.get_by_role("button", name="Ja, Suchabo beenden").click()
    expect(page.get_by_role("heading", name="Suchabo beendet")).to_be_visible()
    assert SearchAlert.objects.count() == 0


def test_api_documentation_page_passes_axe(page, live_site):
    page.goto(live_site + "/api/")
    expect(page.get_by_role("heading", name="Offene Daten und API")).to_be_visible()
    assert_no_axe_violations(page, "API documentation")
    no_wider_than(page, 320)
