"""iCalendar output: one session, a person's dates, or a subscribable feed.

Every event keeps the session's UID for life and carries its SEQUENCE, so a
calendar that imported it earlier updates the entry instead of adding a second
one; a cancelled session stays in feeds with STATUS:CANCELLED so subscribers
see the cancellation. Times are written as Europe/Berlin local times with the
matching VTIMEZONE.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
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


def _event(session, *, room_url: str, now, cancelled: bool, sequence_bump: int = 0) -> Event:
    page = settings.SITE_URL + session.get_absolute_url()
    lines = [session.description.strip()] if session.description.strip() else []
    if session.host:
        lines.append(f"Mit: {session.host}")
    if room_url:
        lines.append(f"Online-Raum: {room_url}")
    lines.append(f"Alle Angaben: {page}")
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence + sequence_bump)
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


def _circle_event(circle, *, room_url: str, now, cancelled: bool) -> Event:
    session = circle.session
    page = settings.SITE_URL + session.get_absolute_url()
    first = circle.first_meeting()
    lines = [f"{circle.name}: {circle.meeting_count} Treffen, {circle.meeting_label}."]
    if circle.theme:
        lines.append(f"Thema: {circle.theme}")
    if circle.facilitator_id and circle.facilitator.is_confirmed:
        lines.append(f"Moderation: {circle.facilitator.name}")
    if room_url:
        lines.append(f"Online-Raum: {room_url}")
    lines.append(f"Leitfaden für jede Woche: {settings.SITE_URL}{reverse('formats:wol_guide')}")
    lines.append(f"Alle Angaben: {page}")
    event = Event()
    event.add("uid", circle.calendar_uid)
    event.add("sequence", circle.sequence + session.sequence)
    event.add("dtstamp", now)
    event.add("created", circle.created_at)
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(minutes=circle.meeting_minutes))
    event.add("rrule", {"freq": "weekly", "count": circle.meeting_count})
    event.add(
        "summary",
        f"{session.kind.name}: {circle.name}" + (f" – {circle.theme}" if circle.theme else ""),
    )
    event.add("description", "\n\n".join(lines))
    event.add("url", page)
    event.add("location", room_url or "Online")
    event.add("categories", [session.kind.name])
    cancelled = cancelled or session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def build_circle_calendar(
    circle, *, room_url: str = "", cancelled: bool = False, now=None
) -> bytes:
    """A circle with its own weekly time as one recurring event (RRULE, weekly, COUNT).

    The UID is the circle's for life; SEQUENCE rises with the circle's (a new
    time) and the circle start's (e.g. a cancellation).
    """
    now = now or timezone.now()
    calendar = _calendar(f"{circle.session.kind.name}: {circle.name}")
    first = circle.first_meeting()
    last = first + timedelta(weeks=circle.meeting_count)
    calendar.add_component(Calendar.from_ical(_vtimezone(first.year, last.year)))
    calendar.add_component(_circle_event(circle, room_url=room_url, now=now, cancelled=cancelled))
    return calendar.to_ical()


def _calendar(name: str, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    return calendar


def build_calendar(
    sessions, *, name: str, room_url: str = "", cancelled: bool = False, now=None
) -> bytes:
    """The sessions as one VCALENDAR.

    `room_url` only goes into a confirmed participant's own copy; `cancelled`
    marks every event cancelled (for a person who withdrew).
    """
    now = now or timezone.now()
    sessions = list(sessions)
    calendar = _calendar(name)
    if sessions:
        years = [timezone.localtime(s.start, BERLIN).year for s in sessions]
        calendar.add_component(Calendar.from_ical(_vtimezone(min(years), max(years))))
    for session in sessions:
        calendar.add_component(_event(session, room_url=room_url, now=now, cancelled=cancelled))
    return calendar.to_ical()


def build_cancel_calendar(sessions, *, name: str, now=None) -> bytes:
    """A METHOD:CANCEL calendar that withdraws events sent earlier under the sessions' UIDs.

    Used when a person was sent the circle start's dates but meets elsewhere (their circle
    has its own weekly time): calendars remove or strike out the old entries. SEQUENCE is
    one above the current one, so the cancellation wins over the copy they hold.
    """
    now = now or timezone.now()
    sessions = list(sessions)
    calendar = _calendar(name, method="CANCEL")
    if sessions:
        years = [timezone.localtime(s.start, BERLIN).year for s in sessions]
        calendar.add_component(Calendar.from_ical(_vtimezone(min(years), max(years))))
    for session in sessions:
        calendar.add_component(
            _event(session, room_url="", now=now, cancelled=True, sequence_bump=1)
        )
    return calendar.to_ical()
