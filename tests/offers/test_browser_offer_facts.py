"""Finding a training by date, cost, certificate and competence, in Chromium, with axe-core.

Also: the pages with the new facts and a filter error stay within 320 px, and the
submission form's date rows work without JavaScript.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from offers.models import Offer, OfferDate
from tests.a11y import assert_no_axe_violations

from .factories import OfferFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture
def trainings(seeded):
    fitting = OfferFactory(
        title="Beteiligung steuern in der Jugendhilfeplanung",
        certificate=True,
        is_free=False,
        cost_eur=120,
        venue="Bildungsstätte Beispielstadt, Konferenzraum Süd-West-Flügel, Beispielstraße 123",
        learning_goals="Ein Beteiligungsverfahren planen und die Ergebnisse sichern.",
        competences=["beteiligung-steuern", "prozess-netzwerksteuerung"],
    )
    OfferDate.objects.create(offer=fitting, starts_on=day(30), ends_on=day(31))
    OfferDate.objects.create(offer=fitting, starts_on=day(60))
    expensive = OfferFactory(title="Teure Werkstatt", certificate=True, is_free=False, cost_eur=900)
    OfferDate.objects.create(offer=expensive, starts_on=day(30))
    OfferFactory(title="Kostenfreier Impuls ohne Termin", competences=["beteiligung-steuern"])
    return fitting


def test_finding_a_training_by_date_cost_certificate_and_competence(page, live_site, trainings):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + "/angebote/")
    expect(page.get_by_role("heading", name="3 Angebote gefunden")).to_be_visible()

    page.get_by_label("nur mit Terminen ab").fill(day(10).isoformat())
    page.get_by_label("Kosten bis (in Euro)").fill("150")
    page.get_by_role("checkbox", name=re.compile(r"^mit Teilnahmebescheinigung")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Steuerung von Beteiligungsverfahren")).check()
    page.get_by_role("button", name="Filter anwenden").first.click()
    expect(page.get_by_role("heading", name="1 Angebot gefunden")).to_be_visible()
    assert f"termine_ab={day(10).isoformat()}" in page.url and "kosten_bis=150" in page.url
    expect(page.get_by_role("link", name=re.compile(r"^Kosten bis 150 €"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Nächster Termin: "))).to_be_visible()
    assert_no_axe_violations(page, "catalogue with the new filters")

    page.get_by_role("link", name=trainings.title).click()
    expect(page.get_by_role("heading", name="Termine und Ort")).to_be_visible()
    expect(page.get_by_role("heading", name="Lernziele")).to_be_visible()
    expect(page.get_by_role("link", name="Prozess- und Netzwerksteuerung")).to_be_visible()
    assert_no_axe_violations(page, "offer page with dates and competences")


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_new_facts_and_filter_errors_fit_320_px(page, live_site, trainings):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site + "/angebote/?termine_ab=31.02.2027&kosten_bis=-12,50&kompetenz=zaubern")
    expect(page.get_by_text("kein gültiges Datum").first).to_be_visible()
    expect(page.locator("#facet-kosten_bis")).to_have_value("-12,50")
    assert page_width(page) <= 320
    assert_no_axe_violations(page, "catalogue with bad filter values at 320 px")
    for offer in Offer.objects.all():
        page.goto(live_site + offer.get_absolute_url())
        assert page_width(page) <= 320, offer.title


def fill_date_row_wrongly(page):
    row = page.get_by_role("group", name="Termin 2")
    row.get_by_label("Beginn").fill(day(20).isoformat())
    row.get_by_label("Ende (nur bei mehreren Tagen)").fill(day(19).isoformat())
    page.get_by_role("button", name="Angebot einreichen").click()
    expect(page.get_by_role("heading", name="Bitte prüfen Sie Ihre Angaben")).to_be_visible()
    link = page.get_by_role("link", name=re.compile(r"^Termin 2, Ende: Das Ende liegt vor"))
    expect(link).to_be_visible()
    expect(row.get_by_label("Beginn")).to_have_value(day(20).isoformat())
    return link


def test_submission_date_rows_work_without_javascript(browser, live_site, seeded, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    # Without JavaScript Playwright cannot evaluate scripts in the page: no width, no axe here.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + "/angebote/einreichen/")
    fill_date_row_wrongly(page)
    context.close()


def test_submission_date_error_fits_320_px_and_passes_axe(page, live_site, seeded, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site + "/angebote/einreichen/")
    assert page_width(page) <= 320
    link = fill_date_row_wrongly(page)
    expect(page.locator("#fehler")).to_be_focused()
    assert page_width(page) <= 320
    assert_no_axe_violations(page, "submission form with a date error")
    link.click()
    expect(page.locator("#id_date_2_end")).to_be_in_viewport()
