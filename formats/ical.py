"""iCalendar output: one session, a person's dates, or a subscribable feed.

Every event keeps the session's UID for life and carries its SEQUENCE, so a
calendar that imported it earlier updates the entry instead of adding a second
one; a cancelled session stays in feeds with STATUS:CANCELLED so subscribers
see the cancellation. Times are written as Europe/Berlin local times with the
matching VTIMEZONE.
"""

from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from .models import SessionStatus
from .recurrence import BERLIN

PRODID = "-//Kommune 360°//Formate//DE"


@lru_cache(maxsize=32)
def _vtimezone(first_year: int, last_year: int) -> bytes:
    # Building a VTIMEZONE is slow; whole years keep the cache small and hits frequent.
    component = Timezone.from_tzid(
        "Europe/Berlin", first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    return component.to_ical()


def _event(session, *, room_url: str, now, cancelled: bool) -> Event:
    page = settings.SITE_URL + session.get_absolute_url()
    lines = [session.description.strip()] if session.description.strip() else []
    if session.host:
        lines.append(f"Mit: {session.host}")
    if room_url:
        lines.append(f"Online-Raum: {room_url}")
    lines.append(f"Alle Angaben: {page}")
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", now)
    event.add("created", session.created_at)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", timezone.localtime(session.start, BERLIN))
    event.add("dtend", timezone.localtime(session.end, BERLIN))
    event.add("summary", session.full_title)
    event.add("description", "\n\n".join(lines))
    event.add("url", page)
    event.add("location", room_url or "Online")
    event.add("categories", [session.kind.name])
    cancelled = cancelled or session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def build_calendar(
    sessions, *, name: str, room_url: str = "", cancelled: bool = False, now=None
) -> bytes:
    """The sessions as one VCALENDAR.

    `room_url` only goes into a confirmed participant's own copy; `cancelled`
    marks every event cancelled (for a person who withdrew).
    """
    now = now or timezone.now()
    sessions = list(sessions)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    if sessions:
        years = [timezone.localtime(s.start, BERLIN).year for s in sessions]
        calendar.add_component(Calendar.from_ical(_vtimezone(min(years), max(years))))
    for session in sessions:
        calendar.add_component(_event(session, room_url=room_url, now=now, cancelled=cancelled))
    return calendar.to_ical()
