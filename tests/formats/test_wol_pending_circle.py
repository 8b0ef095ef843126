"""A WOL registration that waits for its circle: no start-slot dates, no room, no early reminder."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from formats import circles, emails, services
from formats.models import Circle, FormatKind, Registration
from formats.recurrence import BERLIN

from .factories import SessionFactory, kind, make_registration, person
from .test_views import form_data

pytestmark = pytest.mark.django_db

TUE_NOON = "1-12:00"
# A Monday, 08:00: the circle start's own slot.
MONDAY = datetime(2031, 9, 1, 8, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def wol_start(**kwargs):
    kwargs.setdefault("start", MONDAY)
    kwargs.setdefault("end", kwargs["start"] + timedelta(hours=1))
    kwargs.setdefault("capacity", 20)
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE), title="Kreisstart", **kwargs)
    for week in range(1, 12):
        SessionFactory(
            kind=session.kind,
            parent=session,
            title="Kreisstart",
            start=session.start + timedelta(weeks=week),
            end=session.end + timedelta(weeks=week),
        )
    return session


def calendars(message):
    return [
        (mimetype, Calendar.from_ical(content))
        for _, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]


def test_wol_confirmation_without_circle_sends_no_dates_no_calendar_no_room(client):
    session = wol_start()
    data = form_data(goal="Vernetzen", circle_choice="zeitfenster", time_windows=[TUE_NOON])
    client.post(reverse("formats:register", args=[session.slug]), data)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert calendars(message) == []
    assert "08:00" not in message.body and "Montag" not in message.body
    assert "Ihre 12 Treffen" not in message.body and "Treffen</th>" not in html
    assert session.room_url not in message.body and session.room_url not in html
    assert "sobald Ihr Kreis steht" in message.body and "sobald Ihr Kreis steht" in html
    assert "Im Anhang" not in message.body


def test_wol_circle_dates_withdraw_start_dates_sent_earlier_with_the_same_uids():
    session = wol_start()
    members = [make_registration(session, n, time_windows=[TUE_NOON]) for n in range(3)]
    # As before the fix: the first member holds the start's twelve Monday dates.
    Registration.objects.filter(pk=members[0].pk).update(start_dates_in_calendar=True)
    (circle,) = circles.form_circles(session).created
    mail.outbox.clear()
    circles.send_circle_dates(circle)
    first = next(m for m in mail.outbox if m.to == [members[0].email])
    (publish, own), (cancel, withdrawn) = calendars(first)
    assert "method=PUBLISH" in publish and str(own["METHOD"]) == "PUBLISH"
    assert "method=CANCEL" in cancel and str(withdrawn["METHOD"]) == "CANCEL"
    start_uids = {s.uid for s in emails.sessions_for(members[0])}
    events = withdrawn.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == start_uids and len(events) == 12
    assert all(str(e["STATUS"]) == "CANCELLED" for e in events)
    assert "nimmt sie zurück" in first.body
    members[0].refresh_from_db()
    assert not members[0].start_dates_in_calendar
    # The others never got those dates: nothing to withdraw.
    other = next(m for m in mail.outbox if m.to == [members[1].email])
    assert len(calendars(other)) == 1 and "nimmt sie zurück" not in other.body
    # Withdrawn once: a later mail does not withdraw again.
    mail.outbox.clear()
    members[0].refresh_from_db()
    emails.send_session_changed(members[0])
    assert len(calendars(mail.outbox[0])) == 1


def test_wol_circle_meeting_at_start_time_sends_the_start_dates_and_remembers_it():
    session = wol_start()
    member = make_registration(session, 1)
    member.circle = Circle.objects.create(session=session, name="Kreis 1")
    member.save()
    emails.send_registration_received(member)
    ((_, calendar),) = calendars(mail.outbox[0])
    assert len(calendar.walk("VEVENT")) == 12
    member.refresh_from_db()
    assert member.start_dates_in_calendar


def test_wol_cancel_before_circle_withdraws_only_dates_that_were_sent():
    session = wol_start()
    never_sent = services.register(session, person(1, time_windows=[TUE_NOON])).registrations[0]
    services.cancel(never_sent)
    assert calendars(mail.outbox[-1]) == []
    assert "Kalendereintrag" not in mail.outbox[-1].body
    held = make_registration(session, 2, time_windows=[TUE_NOON])
    Registration.objects.filter(pk=held.pk).update(start_dates_in_calendar=True)
    held.refresh_from_db()
    services.cancel(held)
    ((mimetype, calendar),) = calendars(mail.outbox[-1])
    assert "method=CANCEL" in mimetype and len(calendar.walk("VEVENT")) == 12


def test_wol_reminder_waits_for_a_circle_and_follows_its_first_meeting():
    session = wol_start()
    before = MONDAY - timedelta(hours=20)
    waiting_for_circle = make_registration(session, 1, time_windows=[TUE_NOON])
    member = make_registration(session, 2, time_windows=[TUE_NOON])
    Registration.objects.update(confirmed_at=MONDAY - timedelta(days=10))
    circle = Circle.objects.create(session=session, name="Kreis 1", weekday=1, start_time=time(12))
    member.circle = circle
    member.save(update_fields=["circle"])
    # The day before the Monday start slot: nobody meets then.
    assert services.send_due_reminders(now=before) == 0
    # The day before the circle's first Tuesday meeting: only its member.
    tuesday = datetime(2031, 9, 2, 12, 0, tzinfo=BERLIN)
    assert services.send_due_reminders(now=tuesday - timedelta(hours=20)) == 1
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Dienstag, 2. September, 12:00" in message.subject
    waiting_for_circle.refresh_from_db()
    assert waiting_for_circle.reminder_sent_at is None
