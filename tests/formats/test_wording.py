"""Issue 17, wording: titles not doubled, waiting places named, no promises that contradict."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from formats import board, services
from formats.models import FormatKind, RegistrationStatus
from formats.models.session import names_kind

from .factories import SessionFactory, kind, make_registration, person
from .test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize(
    "title, kind_name, expected",
    [
        ("Lean-Coffee-Runde: Was bewegt Sie?", "Lean Coffee", True),
        ("lean coffee im Juni", "Lean Coffee", True),
        ("WOL-Circle Kreisstart A", "WOL-Circle", True),
        ("Netzwerke steuern", "Kurzimpuls", False),
        ("Ein Lean Coffee", "Lean Coffee", False),
    ],
)
def test_names_kind_matches_title_that_starts_with_the_format(title, kind_name, expected):
    assert names_kind(title, kind_name) is expected


def lean_round():
    return SessionFactory(
        title="Lean-Coffee-Runde: Was bewegt Sie?", kind=kind(FormatKind.LEAN_COFFEE)
    )


def test_full_title_lean_coffee_round_is_not_doubled():
    assert lean_round().full_title == "Lean-Coffee-Runde: Was bewegt Sie?"


def test_full_title_short_talk_gets_format_in_front():
    assert SessionFactory(title="Netzwerke steuern").full_title == "Kurzimpuls: Netzwerke steuern"


def test_confirmation_mail_and_calendar_name_the_round_once():
    session = lean_round()
    services.register(session, person(1))
    (message,) = mail.outbox
    assert "Lean Coffee: Lean-Coffee-Runde" not in message.body
    assert "Lean-Coffee-Runde: Was bewegt Sie?" in message.body
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    (event,) = Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lean-Coffee-Runde: Was bewegt Sie?"


def test_session_ics_download_names_the_round_once(client):
    session = lean_round()
    content = client.get(reverse("formats:session_ics", args=[session.slug])).content
    calendar = Calendar.from_ical(content)
    assert str(calendar["X-WR-CALNAME"]) == "Lean-Coffee-Runde: Was bewegt Sie?"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lean-Coffee-Runde: Was bewegt Sie?"


def test_board_record_names_the_round_once():
    markdown = board.board_markdown(lean_round())
    assert markdown.startswith("# Lean-Coffee-Runde: Was bewegt Sie?")


def test_waiting_position_counts_a_tandem_as_one_place():
    session = SessionFactory(capacity=1, waiting_list_limit=10, kind=kind(FormatKind.LEAN_COFFEE))
    make_registration(session, 1)
    first = services.register(session, person(2)).registrations[0]
    tandem = services.register(
        session,
        person(3, municipality="Stadt A"),
        tandem_partner=person(4, role="netzwerkkoordinator-innen", municipality="Stadt A"),
    ).registrations
    last = services.register(session, person(5)).registrations[0]
    assert first.waiting_position == 1
    assert [r.waiting_position for r in tandem] == [2, 2]
    assert last.waiting_position == 3


def test_waiting_position_is_none_with_a_seat():
    registration = make_registration(SessionFactory(), 1)
    assert registration.waiting_position is None


def test_waiting_mail_names_the_place_on_the_list():
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    services.register(session, person(2))
    services.register(session, person(3))
    last = mail.outbox[-1]
    assert "auf Platz 2" in last.body
    assert "Platz 2" in last.subject
    assert "auf Platz 2" in last.alternatives[0][0]


def test_waiting_mail_first_place_says_next_to_move_up():
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    services.register(session, person(2))
    assert "auf Platz 1 – Sie rücken als Nächstes nach" in mail.outbox[-1].body


def test_cancel_page_shows_waiting_place(client):
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    waiting = make_registration(session, 2, status=RegistrationStatus.WAITING)
    html = client.get(reverse("formats:cancel", args=[waiting.plain_token])).content.decode()
    assert "Warteliste, Platz 1" in html


def test_registered_page_after_seat_promises_access_and_no_waiting_list(client):
    session = SessionFactory()
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(), follow=True
    )
    html = response.content.decode()
    assert "Bestätigung mit allen Zugangsdaten" in html
    assert "Warteliste" not in html


def test_registered_page_on_waiting_list_names_place_and_promises_no_access(client):
    session = SessionFactory(capacity=1)
    make_registration(session, 1)
    response = client.post(
        reverse("formats:register", args=[session.slug]), form_data(), follow=True
    )
    html = response.content.decode()
    assert "Platz 1 der Warteliste" in html
    assert "Zugangsdaten" not in html


def test_registered_page_circle_promises_room_only_with_the_circle(client):
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), capacity=10)
    response = client.post(
        reverse("formats:register", args=[session.slug]),
        form_data(**circle_fields()),
        follow=True,
    )
    html = response.content.decode()
    assert "Zugangsdaten" not in html
    assert "Sobald Ihr Kreis steht" in html


def circle_fields():
    return {
        "goal": "Ein Netzwerk zur Sozialplanung aufbauen",
        "circle_choice": "zeitfenster",
        "time_windows": ["1-12:00"],
    }


def test_overview_tandem_box_names_the_formats_with_tandems(client):
    html = client.get(reverse("formats:overview")).content.decode()
    box = html[html.index("Gemeinsam als Tandem") :][:900]
    assert "Lean Coffee und Kurzimpuls" in box
    assert "Beim WOL-Circle meldet sich jede Person einzeln an" in box
