"""Reads the public pages and feeds share."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from .models import Session, TalkFeedback
from .recurrence import BERLIN

FEED_DAYS_BACK = 90
FEED_LIMIT = 500


def for_listing(queryset=None):
    """Sessions with what a card shows, loaded without per-row queries."""
    queryset = queryset if queryset is not None else Session.objects.all()
    return (
        queryset.with_seats()
        .select_related("kind", "series")
        .prefetch_related("audiences", "follow_ups")
    )


def upcoming_sessions(*, kind=None, audience=None, month=None, now=None):
    """Sessions people can still attend, soonest first; cancelled ones stay visible.

    `audience` also matches sessions without any audience (open to everyone);
    `month` is a (year, month) pair in German local time.
    """
    now = now or timezone.now()
    sessions = Session.objects.listed().upcoming(now)
    if kind is not None:
        sessions = sessions.filter(kind=kind)
    if audience is not None:
        sessions = sessions.filter(Q(audiences=audience) | Q(audiences__isnull=True)).distinct()
    if month is not None:
        year, number = month
        sessions = sessions.filter(start__year=year, start__month=number)
    return for_listing(sessions).order_by("start", "pk")


def months_with_sessions(now=None) -> list[tuple[str, str]]:
    """(value, label) pairs like ("2027-03", "März 2027") for the month filter."""
    now = now or timezone.now()
    starts = Session.objects.listed().upcoming(now).values_list("start", flat=True)
    months = sorted({timezone.localtime(start, BERLIN).date().replace(day=1) for start in starts})
    return [(f"{m:%Y-%m}", date_format(m, "F Y")) for m in months]


def recent_past_sessions(now=None, limit=5):
    now = now or timezone.now()
    return for_listing(Session.objects.listed().filter(end__lte=now)).order_by("-start")[:limit]


def session_for_page(slug):
    return (
        Session.objects.with_seats()
        .select_related("kind", "series", "parent")
        .prefetch_related("audiences", "topics")
        .filter(slug=slug)
        .first()
    )


def feed_sessions(queryset, now=None):
    """What a subscribed calendar gets: recent and future sessions, cancelled ones included."""
    now = now or timezone.now()
    return (
        queryset.filter(end__gte=now - timedelta(days=FEED_DAYS_BACK))
        .select_related("kind")
        .order_by("start", "pk")[:FEED_LIMIT]
    )


def feedback_overview(sessions) -> list[dict]:
    """Per session with answers: the session, count, average, distribution and comments.

    One query for the answers, however many sessions; comments carry no names.
    """
    by_session = {}
    answers = (
        TalkFeedback.objects.filter(registration__session__in=sessions)
        .select_related("registration__session")
        .order_by("registration__session__start", "-created_at")
    )
    for answer in answers:
        session = answer.registration.session
        entry = by_session.setdefault(
            session.pk, {"session": session, "ratings": [], "comments": []}
        )
        entry["ratings"].append(answer.rating)
        if answer.comment:
            entry["comments"].append((answer.rating, answer.comment))
    overview = []
    for entry in by_session.values():
        ratings = entry.pop("ratings")
        overview.append(
            {
                **entry,
                "count": len(ratings),
                "average": sum(ratings) / len(ratings),
                "distribution": {n: ratings.count(n) for n in range(1, 6)},
            }
        )
    return overview
