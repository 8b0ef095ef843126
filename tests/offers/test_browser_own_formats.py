"""From the catalogue entry of one of the initiative's own formats to its dates and a
registration form, on this site (issue 17: they used to lead to example.org).

Chromium through Playwright, axe-core on the offer page and the dates it leads to.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_own_format_offer_leads_to_its_dates_and_registration(page, settings, live_site):
    settings.SITE_URL = live_site
    call_command("load_demo", stdout=io.StringIO())

    page.goto(f"{live_site}/angebote/working-out-loud-circles/")
    assert_no_axe_violations(page, "offer page of an own format")
    page.get_by_role("link", name="Termine und Anmeldung unter „Formate“").click()

    expect(page).to_have_url(re.compile(r"/formate/\?format=wol-circle#termine$"))
    assert_no_axe_violations(page, "dates of the own format")
    results = page.locator(".session-list").first
    expect(results.get_by_role("link", name=re.compile("WOL-Circle Kreisstart A"))).to_be_visible()
    expect(results.get_by_text("Lean-Coffee-Runde")).to_have_count(0)

    results.get_by_role("link", name=re.compile("WOL-Circle Kreisstart A")).click()
    expect(page.get_by_role("button", name=re.compile("anmelden", re.IGNORECASE))).to_be_visible()
