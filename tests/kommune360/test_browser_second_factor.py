"""The second factor in a browser: enrolment at the first login, a wrong code, the backup
codes, and a later login with a code; axe-core on every page of the journey."""

import re

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "sicheres-passwort-2026"


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def log_in(page, live_site):
    page.goto(f"{live_site}/verwaltung/login/")
    page.fill("#id_username", "team")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_second_factor_enrolment_journey_accessible_without_mouse(page, live_site, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    User.objects.create_user("team", password=PASSWORD, is_staff=True, is_superuser=True)

    log_in(page, live_site)
    expect(page).to_have_url(re.compile(r"/verwaltung/zweiter-faktor/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zweiten Faktor einrichten")
    expect(page.get_by_role("img", name=re.compile("QR-Code"))).to_be_visible()
    assert_no_axe_violations(page, "enrolment")

    page.get_by_label("Code aus der App (6 Ziffern)").fill("12ab")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("Code aus der App (6 Ziffern)")).to_have_value("12ab")
    assert_no_axe_violations(page, "enrolment error")

    device = TOTPDevice.objects.get(user__username="team")
    page.get_by_label("Code aus der App (6 Ziffern)").fill(code_for(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Ersatzcodes")
    expect(page.locator(".backup-codes li")).to_have_count(10)
    assert_no_axe_violations(page, "backup codes")
    page.get_by_role("link", name="Weiter zur Verwaltung").click()
    expect(page.get_by_role("heading", name="Übersicht für das Initiativteam")).to_be_visible()

    # A later login asks for a code instead of enrolling again.
    page.context.clear_cookies()
    log_in(page, live_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung bestätigen")
    assert_no_axe_violations(page, "code")
