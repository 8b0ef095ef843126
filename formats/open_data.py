"""The formats' dates for other systems: the API's `/termine/`, an Atom feed and JSON-LD.

The room link is never part of it: people get it with their registration.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from ninja import Router, Schema

from kommune360.site_url import absolute

from .models import Session
from .models.session import SessionStatus
from .recurrence import BERLIN
from .selectors import for_listing, upcoming_sessions

router = Router(tags=["Termine"])
API_LIMIT = 200


def open_sessions(now=None):
    """Upcoming sessions one can still register for and that have a free seat, soonest first."""
    now = now or timezone.now()
    sessions = (
        for_listing(Session.objects.listed().upcoming(now))
        .filter(status=SessionStatus.PLANNED, start__gt=now)
        .exclude(registration_deadline__lte=now)
        .filter(confirmed_count__lt=F("capacity"))
    )
    return sessions.order_by("start", "pk")


def session_facts(session) -> dict:
    """The public facts of a session (loaded with `for_listing` or `session_for_page`)."""
    return {
        "slug": session.slug,
        "title": session.title,
        "kind": session.kind.name,
        "series": session.series.title if session.series_id else None,
        "description": session.description,
        "start": timezone.localtime(session.start, BERLIN).isoformat(),
        "end": timezone.localtime(session.end, BERLIN).isoformat(),
        "status": session.get_status_display(),
        "host": session.host,
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "audiences": [audience.name for audience in session.audiences.all()],
        "page_url": absolute(session.get_absolute_url()),
        "calendar_url": absolute(session.get_ics_url()),
    }


class SessionOut(Schema):
    slug: str
    title: str
    kind: str
    series: str | None
    description: str
    start: str
    end: str
    status: str
    host: str
    capacity: int
    seats_left: int
    audiences: list[str]
    page_url: str
    calendar_url: str


@router.api_operation(["HEAD"], "/termine/", response=list[SessionOut], include_in_schema=False)
@router.get(
    "/termine/",
    response=list[SessionOut],
    url_name="session_list",
    summary="Kommende Termine der eigenen Formate mit freien Plätzen",
)
def session_list(request):
    return [session_facts(session) for session in open_sessions()[:API_LIMIT]]


class UpcomingSessionsFeed(Feed):
    """Atom feed of the formats' upcoming dates, soonest first (beside the .ics feeds)."""

    feed_type = Atom1Feed
    title = "Kommune 360° – kommende Termine"
    subtitle = "Lean Coffee, Working-Out-Loud-Kreise und Kurzimpulse der Initiative"
    language = "de"

    def link(self):
        return absolute(reverse("formats:overview"))

    def feed_url(self):
        return absolute(reverse("sessions_feed"))

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def items(self):
        return upcoming_sessions()[:API_LIMIT]

    def item_title(self, item):
        start = timezone.localtime(item.start, BERLIN)
        prefix = "Abgesagt: " if item.is_cancelled else ""
        return f"{prefix}{item.title} – {start:%d.%m.%Y, %H:%M} Uhr"

    def item_description(self, item):
        return escape(item.description)  # Atom's <summary type="html">: text, not markup

    def author_name(self):
        return settings.OPEN_DATA_PUBLISHER

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True


def event(session) -> dict:
    """schema.org JSON-LD for a session page: an online `Event` with its free seats."""
    facts = session_facts(session)
    cancelled = session.status == SessionStatus.CANCELLED
    if session.seats_left > 0 and not session.registration_closed_reason():
        availability = "https://schema.org/InStock"
    elif not session.registration_closed_reason():
        availability = "https://schema.org/SoldOut"
    else:
        availability = "https://schema.org/Discontinued"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": facts["page_url"],
        "name": facts["title"],
        "description": facts["description"] or facts["title"],
        "url": facts["page_url"],
        "startDate": facts["start"],
        "endDate": facts["end"],
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventCancelled"
        if cancelled
        else "https://schema.org/EventScheduled",
        "location": {"@type": "VirtualLocation", "url": facts["page_url"]},
        "organizer": {
            "@type": "Organization",
            "name": settings.OPEN_DATA_PUBLISHER,
            "url": f"{settings.SITE_URL}/",
        },
        "inLanguage": "de",
        "isAccessibleForFree": True,
        "maximumAttendeeCapacity": facts["capacity"],
        "remainingAttendeeCapacity": facts["seats_left"],
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "availability": availability,
            "url": facts["page_url"],
            "validThrough": timezone.localtime(session.effective_deadline, BERLIN).isoformat(),
        },
        "audience": [{"@type": "Audience", "audienceType": name} for name in facts["audiences"]],
    }
    if session.host:
        data["performer"] = {"@type": "Person", "name": session.host}
    if session.series_id:
        data["superEvent"] = {"@type": "EventSeries", "name": session.series.title}
    return data
