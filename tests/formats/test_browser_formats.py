"""A person's journey through the formats in Chromium, with axe-core on every page."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from icalendar import Calendar

from formats import services
from formats.models import FormatKind, Registration, RegistrationStatus
from tests.a11y import assert_no_axe_violations

from .factories import SessionFactory, ensure_seeded, kind, make_registration, person

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _prepared(settings, live_site):
    settings.FORM_MIN_FILL_SECONDS = 0
    ensure_seeded()


def path_of(url: str) -> str:
    return urlparse(url).path


def test_browser_person_registers_downloads_ics_cancels_and_waiting_person_moves_up(
    page, live_site
):
    session = SessionFactory(title="Netzwerke steuern ohne Weisung", capacity=1)
    SessionFactory(title="Eine Lean-Coffee-Runde", kind=kind(FormatKind.LEAN_COFFEE))

    page.goto(f"{live_site}/formate/")
    assert_no_axe_violations(page, "Übersicht der Formate")
    page.get_by_label("Format").select_option(label="Kurzimpuls")
    page.get_by_role("button", name="Filter anwenden").click()
    assert page.get_by_text("Eine Lean-Coffee-Runde").count() == 0
    page.get_by_role("link", name="Netzwerke steuern ohne Weisung").click()
    assert_no_axe_violations(page, "Seite eines Kurzimpulses")

    # Sent empty first: the error summary lists what is missing.
    page.get_by_role("button", name="Verbindlich anmelden").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_axe_violations(page, "Anmeldeformular mit Fehlern")

    page.get_by_label("Ihr Name").fill("Anna Beispiel")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_label("Organisation / Dienststelle").fill("Jugendamt")
    page.get_by_label("Kommune", exact=False).first.fill("Stadt Musterstadt")
    page.get_by_label("Sie gehören zu").select_option(label="Führungskräfte")
    page.get_by_label(re.compile("Datenschutzhinweise")).check()
    assert_no_axe_violations(page, "ausgefülltes Anmeldeformular")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.get_by_role("heading", name="Danke für Ihre Anmeldung").wait_for()
    assert "Sie sind angemeldet" in page.content()
    assert_no_axe_violations(page, "Danke-Seite")

    (confirmation,) = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert session.room_url in confirmation.body
    cancel_url = re.search(r"https?://\S+/formate/abmelden/\w+/", confirmation.body).group(0)

    page.goto(f"{live_site}{session.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Kalenderdatei")).click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == session.uid
    assert event.decoded("DTSTART") == session.start

    # Someone else finds the session full and waits.
    waiting = services.register(session, person(2)).registrations[0]
    assert waiting.status == RegistrationStatus.WAITING

    page.goto(f"{live_site}{path_of(cancel_url)}")
    assert_no_axe_violations(page, "Seite der eigenen Anmeldung")
    page.get_by_role("button", name="Ja, ich melde mich ab").click()
    page.get_by_role("heading", name="Sie sind abgemeldet").wait_for()

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    moved_up = [m for m in mail.outbox if m.to == ["person2@example.org"]]
    assert any("nachgerückt" in m.subject for m in moved_up)
    assert Registration.objects.get(email="anna@example.org").status == RegistrationStatus.CANCELLED


def test_browser_lean_coffee_board_propose_and_vote(page, live_site):
    round_ = SessionFactory(title="Lean Coffee im Test", kind=kind(FormatKind.LEAN_COFFEE))
    participant = make_registration(round_, 1)
    page.goto(f"{live_site}/formate/termine/{round_.slug}/lean-coffee/{participant.plain_token}/")
    assert_no_axe_violations(page, "leeres Lean-Coffee-Board")
    page.get_by_label("Ihr Thema").fill("Wie teilen wir Daten zwischen Ämtern?")
    page.get_by_role("button", name="Thema vorschlagen").click()
    page.get_by_role("button", name=re.compile("Punkt geben")).click()
    page.get_by_text("noch 2 von 3 Punkten").wait_for()
    assert page.get_by_text("1 Punkt", exact=True).is_visible()
    assert_no_axe_violations(page, "Lean-Coffee-Board mit Thema")
