"""After a failed submit, every public form puts the person where the problems are.

The title starts with "Fehler:", focus is on the error summary, and each summary link
brings its field into view with the field's label or legend (and error) visible above it.
Chromium through Playwright, axe-core on each form's error state.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from formats.models import FormatKind
from tests.a11y import assert_no_axe_violations
from tests.formats.factories import SessionFactory, ensure_seeded, kind, make_registration
from tests.offers.submission_helpers import submit_offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A small, short screen makes "the label is above the screen" likely.
VIEWPORT = {"width": 1280, "height": 700}

# The label or legend that names the field a summary link points to.
LABEL_OF = """(field) => {
  const group = field.closest('.choice-group, fieldset');
  if (field.type === 'radio' || (field.type === 'checkbox' && group && group.querySelector('.choice'))) {
    return group.querySelector('legend');
  }
  return document.querySelector(`label[for="${field.id}"]`);
}"""

IN_VIEW = """(el) => {
  const box = el.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


@pytest.fixture(autouse=True)
def _prepared(settings, live_site):
    settings.FORM_MIN_FILL_SECONDS = 0
    ensure_seeded()
    cache.clear()
    yield
    cache.clear()


def assert_errors_reachable(page, context):
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_no_axe_violations(page, context)
    links = summary.get_by_role("link")
    assert links.count() >= 3, context
    for index in range(links.count()):
        link = links.nth(index)
        target_id = link.get_attribute("href").removeprefix("#")
        page.evaluate("window.scrollTo(0, 0)")
        link.click()
        field = page.locator(f"[id='{target_id}']")
        expect(field).to_be_focused()
        name = link.inner_text()
        assert field.evaluate(IN_VIEW), f"{context}: field of „{name}“ is off-screen"
        label = field.evaluate_handle(LABEL_OF)
        assert label.evaluate(IN_VIEW), f"{context}: label of „{name}“ is off-screen"


def test_registration_failed_submit_focuses_summary_links_show_labels(page, live_site):
    session = SessionFactory(title="Netzwerke steuern ohne Weisung")
    page.set_viewport_size(VIEWPORT)
    page.goto(live_site + session.get_absolute_url())
    page.get_by_role("button", name="Verbindlich anmelden").click()
    assert_errors_reachable(page, "registration with errors")


def test_feedback_failed_submit_focuses_summary_links_show_labels(page, live_site):
    page.set_viewport_size(VIEWPORT)
    page.goto(live_site + "/mitdenken/")
    page.get_by_role("button", name="Beitrag senden").click()
    assert_errors_reachable(page, "Mitdenken with errors")


def test_submission_failed_submit_focuses_summary_links_show_labels(page, live_site):
    page.set_viewport_size(VIEWPORT)
    page.goto(live_site + "/angebote/einreichen/")
    page.get_by_role("button", name="Angebot einreichen").click()
    assert_errors_reachable(page, "submission with errors")


def test_offer_edit_failed_save_focuses_summary_links_show_labels(page, live_site):
    _offer, token = submit_offer()
    page.set_viewport_size(VIEWPORT)
    page.goto(f"{live_site}/angebote/bearbeiten/{token}/")
    for field in ("title", "summary", "contact_email"):
        page.locator(f"#id_{field}").fill("")
    page.get_by_role("button", name=re.compile(r"^(Änderungen? |Speichern)")).click()
    assert_errors_reachable(page, "edit form with errors")


def test_board_failed_proposal_focuses_summary(page, live_site):
    session = SessionFactory(kind=kind(FormatKind.LEAN_COFFEE), title="Runde")
    person = make_registration(session, 1)
    page.goto(f"{live_site}/formate/termine/{session.slug}/lean-coffee/{person.plain_token}/")
    page.get_by_role("button", name="Thema vorschlagen").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(page.locator(".error-summary")).to_be_focused()


@pytest.mark.parametrize("path", ["/angebote/einreichen/", "/mitdenken/"])
def test_phone_failed_submit_summary_top_on_screen(page, live_site, path):
    # Chromium centres an element that takes focus; a summary taller than half a phone
    # screen would then lose its own heading above the top edge.
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_site + path)
    page.locator("main form button[type=submit]").last.click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    heading = summary.get_by_role("heading").first
    top = summary.evaluate("el => el.getBoundingClientRect().top")
    assert top >= 0, f"the error summary starts {top:.0f} px above the screen"
    assert heading.evaluate(IN_VIEW)
