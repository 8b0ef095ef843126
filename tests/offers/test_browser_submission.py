"""A provider submits an offer, the team publishes it, the provider's edit waits for approval.

Chromium through Playwright, axe-core on the form, its error state, the confirmation
and the edit page.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from offers import services
from offers.models import Offer, OfferChange, OfferStatus
from tests.a11y import assert_no_axe_violations

from .submission_helpers import submit_offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Netzwerke steuern in der Kommune"


@pytest.fixture
def journey_settings(settings, live_site):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.SITE_URL = live_site
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team_login():
    user = User.objects.create_user("moderatorin", password="geheim-genug-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return "moderatorin", "geheim-genug-123"


def fill_submission_form(page):
    page.get_by_label("Titel des Angebots").fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill(
        "Vier Online-Termine für Netzwerkkoordinator:innen und Führungskräfte."
    )
    page.get_by_role("radio", name="Fortbildung / Weiterbildung").check()
    page.get_by_role("checkbox", name="Netzwerkkoordinator:innen").check()
    page.get_by_role("checkbox", name="Führungskräfte").check()
    page.get_by_role("checkbox", name="Netzwerkarbeit").check()
    page.get_by_role("checkbox", name="Veränderung gestalten").check()
    page.get_by_label("Schlagworte").fill("Netzwerkanalyse, Moderation")
    page.get_by_role("radio", name="digital, live").check()
    page.get_by_role("radio", name="kostenpflichtig").check()  # the amount is left out
    page.get_by_label("Name der Anbieter:in").fill("Institut für Netzwerkarbeit")
    page.get_by_label("Art der Anbieter:in").select_option(label="Hochschule / Forschung")
    page.get_by_label("Ansprechperson").fill("Kim Muster")
    page.get_by_label("E-Mail-Adresse für das Angebot").fill("kim@netzwerk-institut.example")
    page.get_by_role("checkbox", name=re.compile("Datenschutzhinweise")).check()


def test_provider_submits_team_publishes_provider_edit_waits(
    page, live_site, journey_settings, team_login
):
    # The provider opens the form: accessible before anything is typed.
    page.goto(live_site + "/angebote/einreichen/")
    expect(page.get_by_role("heading", level=1, name="Angebot einreichen")).to_be_visible()
    assert_no_axe_violations(page, "submission form")

    # First try: paid, but no amount.
    fill_submission_form(page)
    page.get_by_role("button", name="Angebot einreichen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Betrag in Euro"))).to_be_visible()
    expect(page.get_by_label("Titel des Angebots")).to_have_value(TITLE)  # typed text stays
    expect(page.get_by_role("checkbox", name="Netzwerkarbeit")).to_be_checked()
    assert_no_axe_violations(page, "submission form with an error")
    assert not Offer.objects.exists()

    # The summary link leads to the field; fixed, sent again.
    summary.get_by_role("link", name=re.compile("Betrag in Euro")).click()
    expect(page.get_by_label("Betrag in Euro")).to_be_focused()
    page.get_by_label("Betrag in Euro").fill("120")
    page.get_by_role("checkbox", name=re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Angebot einreichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke – Ihr Angebot ist eingegangen")
    expect(page.get_by_text(f"„{TITLE}“")).to_be_visible()
    assert_no_axe_violations(page, "confirmation")

    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED
    confirmation = next(m for m in mail.outbox if m.to == ["kim@netzwerk-institut.example"])
    edit_url = re.search(r"https?://\S+/angebote/bearbeiten/[\w-]{43}/", confirmation.body)[0]
    assert edit_url.startswith(live_site)

    # Not public yet.
    page.goto(live_site + "/angebote/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A team member logs in and publishes it from the moderation queue.
    username, password = team_login
    page.goto(live_site + "/verwaltung/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Angebote: Was ansteht")).to_be_visible()
    page.get_by_role("link", name="Moderationswarteschlange").first.click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("neu eingereicht")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="Ausführen").click()
    expect(page.get_by_text("1 Angebot(e) veröffentlicht.")).to_be_visible()

    # The offer is in the catalogue.
    page.goto(live_site + "/angebote/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    detail_url = page.url

    # The provider changes the title through the private link: it waits for approval.
    page.goto(edit_url)
    expect(page.get_by_role("heading", name=re.compile("Stand: veröffentlicht"))).to_be_visible()
    assert_no_axe_violations(page, "edit page")
    page.get_by_label("Titel des Angebots").fill("Netzwerke steuern – neue Termine")
    # Consent was given when submitting: the edit form says so and does not ask again.
    expect(page.get_by_text("Ihre Einwilligung liegt uns vor")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("Datenschutzhinweise"))).to_have_count(0)
    page.get_by_role("button", name="Änderung zur Prüfung senden").click()
    expect(
        page.get_by_text(re.compile("wartet auf die Prüfung durch das Initiativteam"))
    ).to_be_visible()
    assert_no_axe_violations(page, "edit page after saving a change")
    assert OfferChange.objects.get().values["title"] == "Netzwerke steuern – neue Termine"

    # The live offer is unchanged.
    page.goto(detail_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_provider_withdraws_a_published_offer_through_the_link(page, live_site, journey_settings):
    offer, token = submit_offer()
    services.publish_offer(offer)
    page.goto(f"{live_site}/angebote/bearbeiten/{token}/")
    page.get_by_role("link", name="Angebot zurückziehen …").click()
    # One confirmation step: the question and its answer, no checkbox.
    expect(page.get_by_role("heading", level=1)).to_contain_text("zurückziehen?")
    expect(page.get_by_role("checkbox")).to_have_count(0)
    assert_no_axe_violations(page, "withdraw page")
    page.get_by_role("button", name="Ja, Angebot zurückziehen").click()
    expect(page.get_by_text("Ihr Angebot ist zurückgezogen")).to_be_visible()
    expect(page.get_by_role("heading", name="Stand: archiviert")).to_be_visible()
    assert_no_axe_violations(page, "edit page after withdrawing")
    response = page.goto(live_site + offer.get_absolute_url())
    assert response.status == 404
