"""The e-mails participants get: German plain text and HTML, with calendar files attached.

Sending happens after the database work is committed; a failing mail server is
logged and never undoes a registration or a cancellation.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from . import tokens
from .ical import build_calendar
from .models import RegistrationStatus

logger = logging.getLogger(__name__)

ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def participation_links(registration) -> dict:
    """The private links of one registration, each carrying its token."""
    token = tokens.token_for(registration)
    session = registration.session
    links = {
        "cancel_url": absolute(reverse("formats:cancel", args=[token])),
        "session_url": absolute(session.get_absolute_url()),
        "board_url": "",
    }
    if session.kind.has_board:
        links["board_url"] = absolute(reverse("formats:board", args=[session.slug, token]))
    return links


def room_url_for(registration) -> str:
    """The online room a confirmed participant may see: their circle's, else the session's."""
    if not registration.is_confirmed:
        return ""
    if registration.circle_id and registration.circle.room_url:
        return registration.circle.room_url
    return registration.session.room_url


def sessions_for(registration) -> list:
    """All meetings a registration covers: the session, plus follow-ups for a circle start."""
    session = registration.session
    return [session, *session.follow_ups.select_related("kind").order_by("start")]


def calendar_for(registration) -> bytes:
    session = registration.session
    return build_calendar(
        sessions_for(registration),
        name=f"{session.kind.name}: {session.title}",
        room_url=room_url_for(registration),
        cancelled=registration.status == RegistrationStatus.CANCELLED,
    )


def send(registration, template: str, subject: str, *, with_calendar=True, **extra) -> bool:
    """Render `formats/email/<template>.txt|.html` for `registration` and send it."""
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "meetings": sessions_for(registration),
        "room_url": room_url_for(registration),
        "site_url": settings.SITE_URL,
        "team_email": settings.TEAM_EMAIL,
        **participation_links(registration),
        **extra,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"formats/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[settings.TEAM_EMAIL],
    )
    message.attach_alternative(
        render_to_string(f"formats/email/{template}.html", context), "text/html"
    )
    if with_calendar:
        message.attach(f"{session.slug}.ics", calendar_for(registration), ICS_MIMETYPE)
    try:
        message.send()
    except Exception:  # the mail server is outside our control; the state change stands
        logger.exception("Could not send %s e-mail for registration %s", template, registration.pk)
        return False
    return True


def send_registration_received(registration) -> bool:
    session = registration.session
    if registration.is_confirmed:
        return send(registration, "confirmed", f"Anmeldung bestätigt: {session.title}")
    return send(
        registration,
        "waiting",
        f"Warteliste: {session.title}",
        with_calendar=False,
    )


def send_promoted(registration) -> bool:
    return send(registration, "promoted", f"Sie sind nachgerückt: {registration.session.title}")


def send_cancelled(registration) -> bool:
    # The attached event is the same UID, so calendars can drop or mark it.
    return send(registration, "cancelled", f"Abmeldung erhalten: {registration.session.title}")


def send_session_cancelled(registration, reason: str) -> bool:
    return send(
        registration,
        "session_cancelled",
        f"Abgesagt: {registration.session.title}",
        with_calendar=registration.is_confirmed,
        reason=reason,
    )


def send_session_changed(registration) -> bool:
    # Only people with a seat have the appointment in their calendar.
    return send(
        registration,
        "session_changed",
        f"Geändert: {registration.session.title}",
        with_calendar=registration.is_confirmed,
    )


def send_reminder(registration) -> bool:
    session = registration.session
    when = date_format(timezone.localtime(session.start), "l, j. F, H:i")
    return send(registration, "reminder", f"Erinnerung: {session.title} – {when} Uhr")


def send_circle_dates(registration) -> bool:
    return send(
        registration,
        "circle_dates",
        f"Ihr WOL-Kreis: alle Termine – {registration.session.title}",
        circle=registration.circle,
    )
