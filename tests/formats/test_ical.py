from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from formats import services
from formats.ical import build_calendar
from formats.models import FormatKind, SessionStatus
from formats.recurrence import BERLIN, Rule, circle_rule, generate_sessions

from .factories import SeriesFactory, SessionFactory, kind, person

pytestmark = pytest.mark.django_db

LUNCH = {"start_time": time(12, 30), "end_time": time(13, 15)}


def events(content) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def test_session_ics_parses_with_berlin_times_and_vtimezone(client):
    session = SessionFactory(
        start=datetime(2027, 3, 30, 10, 30, tzinfo=UTC),
        end=datetime(2027, 3, 30, 11, 15, tzinfo=UTC),
    )
    response = client.get(reverse("formats:session_ics", args=[session.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (timezone_component,) = calendar.walk("VTIMEZONE")
    assert str(timezone_component["TZID"]) == "Europe/Berlin"
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
    assert (start.hour, start.minute) == (12, 30)
    assert start == datetime(2027, 3, 30, 10, 30, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Berlin:20270330T123000" in response.content
    assert str(event["UID"]) == session.uid
    assert str(event["STATUS"]) == "CONFIRMED"


def test_session_ics_public_copy_has_no_room_link(client):
    session = SessionFactory()
    response = client.get(reverse("formats:session_ics", args=[session.slug]))
    assert session.room_url.encode() not in response.content


def test_ics_series_across_dst_keeps_local_wall_time():
    series = SeriesFactory(slug="dst")
    sessions = generate_sessions(series, Rule(first_date=date(2027, 3, 23), count=2, **LUNCH))
    parsed = events(build_calendar(sessions, name="Test"))
    local = [event.decoded("DTSTART").astimezone(BERLIN).time() for event in parsed]
    utc = [event.decoded("DTSTART").astimezone(UTC).hour for event in parsed]
    assert local == [time(12, 30), time(12, 30)]
    assert utc == [11, 10]
    timezone_blocks = Calendar.from_ical(build_calendar(sessions, name="Test")).walk("VTIMEZONE")
    assert {sub.name for sub in timezone_blocks[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_ics_update_keeps_uid_and_raises_sequence(client):
    session = SessionFactory()
    url = reverse("formats:session_ics", args=[session.slug])
    (before,) = events(client.get(url).content)
    session.refresh_from_db()
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    session.save()
    (after,) = events(client.get(url).content)
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_ics_cancelled_session_status_cancelled(client):
    session = SessionFactory()
    services.cancel_session(session)
    (event,) = events(client.get(reverse("formats:session_ics", args=[session.slug])).content)
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_kind_feed_contains_only_that_kind_including_cancelled(client):
    talk = SessionFactory(title="Impuls")
    cancelled = SessionFactory(title="Abgesagter Impuls", status=SessionStatus.CANCELLED)
    SessionFactory(title="Kaffee", kind=kind(FormatKind.LEAN_COFFEE))
    response = client.get(reverse("formats:kind_feed", args=["kurzimpuls"]))
    assert response.status_code == 200
    assert "inline" in response["Content-Disposition"]
    parsed = {str(e["UID"]): e for e in events(response.content)}
    assert set(parsed) == {talk.uid, cancelled.uid}
    assert str(parsed[cancelled.uid]["STATUS"]) == "CANCELLED"
    assert "Kurzimpuls" in str(Calendar.from_ical(response.content)["X-WR-CALNAME"])


def test_kind_feed_skips_long_past_sessions(client):
    now = timezone.now()
    SessionFactory(
        start=now - timedelta(days=200), end=now - timedelta(days=200) + timedelta(hours=1)
    )
    recent = SessionFactory(
        start=now - timedelta(days=3), end=now - timedelta(days=3) + timedelta(hours=1)
    )
    response = client.get(reverse("formats:kind_feed", args=["kurzimpuls"]))
    assert [str(e["UID"]) for e in events(response.content)] == [recent.uid]


def test_kind_feed_unknown_kind_404(client):
    assert client.get("/formate/gibt-es-nicht/kalender.ics").status_code == 404


def test_series_feed_lists_its_sessions_in_order(client):
    series = SeriesFactory(slug="reihe-x")
    sessions = generate_sessions(
        series,
        Rule(
            first_date=timezone.localdate() + timedelta(days=1), count=3, interval_weeks=2, **LUNCH
        ),
    )
    SessionFactory(title="Fremd")
    response = client.get(reverse("formats:series_feed", args=["reihe-x"]))
    assert [str(e["UID"]) for e in events(response.content)] == [s.uid for s in sessions]


def test_circle_start_ics_contains_all_meetings(client):
    wol = kind(FormatKind.WOL_CIRCLE)
    series = SeriesFactory(kind=wol, slug="wol-x")
    start, *_ = generate_sessions(series, circle_rule(date(2027, 3, 1), time(8, 0), wol))
    response = client.get(reverse("formats:session_ics", args=[start.slug]))
    parsed = events(response.content)
    assert len(parsed) == 12
    assert {event.decoded("DTSTART").astimezone(BERLIN).time() for event in parsed} == {time(8, 0)}


def test_circle_dates_ics_for_circle_at_start_time_has_all_meetings_and_room():
    wol = kind(FormatKind.WOL_CIRCLE)
    series = SeriesFactory(kind=wol, slug="wol-y")
    start, *_ = generate_sessions(
        series,
        circle_rule(timezone.localdate() + timedelta(days=3), time(8, 0), wol),
        room_url="https://raum.example.org/wol",
    )
    from django.core import mail

    registration = services.register(start, person(1)).registrations[0]
    # Without a circle the time is not known yet: no calendar in the confirmation.
    (confirmation,) = mail.outbox
    assert confirmation.attachments == []
    # A circle that meets at the start's own time has the start's twelve dates.
    registration.circle = start.circles.create(name="Kreis 1")
    registration.save(update_fields=["circle"])
    from formats import circles

    circles.send_circle_dates(registration.circle)
    message = mail.outbox[-1]
    parsed = events(message.attachments[0][1])
    assert len(parsed) == 12
    assert all(str(e["LOCATION"]) == "https://raum.example.org/wol" for e in parsed)
