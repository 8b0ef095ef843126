"""A municipal reader points out a gap; the team answers and publishes it; it shows on the gap page.

Chromium through Playwright, axe-core on the form, its error state and the gap page.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from feedback.models import Contribution, ContributionStatus
from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GAP = "kommunalpolitik"
TEXT = "Ratsmitglieder brauchen Angebote am Abend. <b>Das</b> fehlt bisher."
ANSWER = "Danke! Wir sammeln jetzt gezielt Abendformate für Ratsmitglieder."


@pytest.fixture
def team_member(db):
    user = User.objects.create_user("team", password="sicheres-passwort-42", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return user


def test_reader_hint_is_answered_published_and_shown(page, live_site, settings, team_member):
    settings.FORM_MIN_FILL_SECONDS = 0

    # A municipal reader looks at a gap and follows "Haben wir etwas übersehen?".
    page.goto(f"{live_site}/leerstellen/{GAP}/")
    expect(page.get_by_role("heading", name="Haben wir etwas übersehen?")).to_be_visible()
    page.locator(f'a[href="/mitdenken/?leerstelle={GAP}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/mitdenken/\?leerstelle={GAP}$"))
    expect(page.get_by_role("radio", name="Hinweis: „Was haben wir übersehen?“")).to_be_checked()
    expect(page.get_by_label("Bezug zu einer Leerstelle")).to_have_value(GAP)
    # Progressive enhancement: the cooperation fields show only for a cooperation request.
    cooperation = page.get_by_role("group", name="Nur für Kooperationsanfragen")
    expect(cooperation).to_be_hidden()
    page.get_by_role("radio", name="Kooperationsanfrage").check()
    expect(cooperation).to_be_visible()
    page.get_by_role("radio", name="Hinweis: „Was haben wir übersehen?“").check()
    expect(cooperation).to_be_hidden()
    assert_no_axe_violations(page, "contribution form")

    # Sent too early: the error summary lists what is missing, the text stays.
    page.get_by_label("Ihr Beitrag").fill(TEXT)
    page.get_by_role("button", name="Beitrag senden").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    expect(summary.get_by_role("link", name=re.compile("Ihr Name"))).to_be_visible()
    expect(page.get_by_label("Ihr Beitrag")).to_have_value(TEXT)
    assert_no_axe_violations(page, "contribution form with errors")
    summary.get_by_role("link", name=re.compile("Ich schreibe als")).click()
    expect(page.get_by_role("radio", name="kommunale:r Akteur:in")).to_be_focused()

    page.get_by_role("radio", name="kommunale:r Akteur:in").check()
    page.get_by_label("Ihr Name").fill("Ruth Rat")
    page.get_by_label("Ihre E-Mail-Adresse").fill("ruth@gemeinde.example")
    page.get_by_label("Ja, mein Beitrag darf auf Kommune 360° öffentlich erscheinen.").check()
    page.get_by_role("radio", name="mit Namen").check()
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    page.get_by_role("button", name="Beitrag senden").click()
    expect(page.get_by_role("heading", name="Danke für Ihren Beitrag!")).to_be_visible()
    assert_no_axe_violations(page, "thank-you page")
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.NEW and contribution.public_opt_in

    # Not public yet.
    page.goto(f"{live_site}/leerstellen/{GAP}/")
    expect(page.get_by_text("Ratsmitglieder brauchen Angebote am Abend.")).to_have_count(0)

    # A team member logs in, answers and publishes.
    page.goto(f"{live_site}/verwaltung/login/")
    page.get_by_label("Benutzername").fill("team")
    page.get_by_label("Passwort").fill("sicheres-passwort-42")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#feedback-counts")).to_contain_text("Neue Beiträge")
    page.locator("#feedback-counts").get_by_role("link", name="Neue Beiträge").click()
    page.get_by_role("link", name=re.compile("Ratsmitglieder brauchen")).click()
    page.get_by_label("Öffentliche Antwort des Initiativteams").fill(ANSWER)
    page.get_by_label("Interne Notiz").fill("Nur für uns: Ruth ist im Kreistag.")
    page.get_by_label("Status").select_option(label="veröffentlicht")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PUBLISHED

    # The gap page shows it with the answer, escaped, and without the internal note.
    page.goto(f"{live_site}/leerstellen/{GAP}/")
    section = page.get_by_role("region", name="Was uns Mitdenker:innen sagen")
    expect(section).to_contain_text(TEXT)
    expect(section).to_contain_text("Ruth Rat")
    expect(section).to_contain_text("Antwort des Initiativteams")
    expect(section).to_contain_text(ANSWER)
    expect(page.get_by_text("Ruth ist im Kreistag")).to_have_count(0)
    expect(page.get_by_text("ruth@gemeinde.example")).to_have_count(0)
    assert_no_axe_violations(page, "gap page with contributions")
