"""Calendar files: one session to download, and subscribable feeds per format and series."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .. import selectors
from ..ical import build_calendar
from ..models import FormatKind, Series, Session


def _ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def session_ics(request, slug):
    """One session (for a circle start: all its meetings), without the private room link."""
    session = get_object_or_404(Session.objects.select_related("kind"), slug=slug)
    sessions = [session]
    if session.kind.is_circle and session.parent_id is None:
        sessions += list(session.follow_ups.select_related("kind").order_by("start"))
    content = build_calendar(sessions, name=session.full_title)
    return _ics_response(content, f"{session.slug}.ics", attachment=True)


def kind_feed(request, kind):
    kind = get_object_or_404(FormatKind, slug=kind)
    sessions = selectors.feed_sessions(Session.objects.filter(kind=kind))
    content = build_calendar(sessions, name=f"Kommune 360°: {kind.name}")
    return _ics_response(content, f"{kind.slug}.ics", attachment=False)


def series_feed(request, slug):
    series = get_object_or_404(Series, slug=slug)
    sessions = selectors.feed_sessions(series.sessions.all())
    content = build_calendar(sessions, name=f"Kommune 360°: {series.title}")
    return _ics_response(content, f"{series.slug}.ics", attachment=False)
