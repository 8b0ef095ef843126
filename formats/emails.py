"""The e-mails participants get: German plain text and HTML, with calendar files attached.

Each mail is queued through kommune360.mail inside the transaction of the change it
reports, so a registration never commits without its confirmation (and its cancel link).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kommune360 import mail
from kommune360.site_url import absolute

from . import tokens
from .ical import build_calendar, build_cancel_calendar, build_circle_calendar
from .models import RegistrationStatus
from .time_windows import describe

ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"
ICS_CANCEL_MIMETYPE = "text/calendar; charset=utf-8; method=CANCEL"


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


def awaits_circle(registration) -> bool:
    """A WOL registration without a circle yet: its time and room are not known."""
    return registration.session.kind.is_circle and not registration.circle_id


def room_url_for(registration) -> str:
    """The online room a confirmed participant may see: their circle's, else the session's.
    Nobody waiting for a circle gets a room yet."""
    if not registration.is_confirmed or awaits_circle(registration):
        return ""
    if registration.circle_id and registration.circle.room_url:
        return registration.circle.room_url
    return registration.session.room_url


def sessions_for(registration) -> list:
    """All meetings a registration covers: the session, plus follow-ups for a circle start."""
    session = registration.session
    return [session, *session.follow_ups.select_related("kind").order_by("start")]


def own_time_circle(registration):
    """The registration's circle when it meets at its own weekly time, else None."""
    circle = registration.circle if registration.circle_id else None
    if circle is None or circle.meets_with_start:
        return None
    return circle


def meetings_for(registration) -> list:
    """The dates a person attends: their circle's weekly meetings, else the sessions;
    none while they wait for a circle."""
    if awaits_circle(registration):
        return []
    circle = own_time_circle(registration)
    return circle.weekly_meetings() if circle else sessions_for(registration)


def calendar_for(registration) -> bytes:
    """The person's own dates as one calendar; a WOL registration waiting for its circle
    has none (see `calendar_attachments`)."""
    session = registration.session
    circle = own_time_circle(registration)
    cancelled = registration.status == RegistrationStatus.CANCELLED
    if circle is not None:
        return build_circle_calendar(
            circle, room_url=room_url_for(registration), cancelled=cancelled
        )
    return build_calendar(
        sessions_for(registration),
        name=session.full_title,
        room_url=room_url_for(registration),
        cancelled=cancelled,
    )


def calendar_attachments(registration) -> list:
    """The calendar files for a mail to `registration` (filename, content, mimetype).

    Nobody gets the circle start's dates before they know they meet then: a WOL
    registration waiting for its circle gets none. Whoever got those dates earlier
    (`Registration.start_dates_in_calendar`) gets them withdrawn (METHOD:CANCEL, same
    UIDs) with their circle's own dates or their cancellation.
    """
    session = registration.session
    attachments = []
    withdraw = registration.start_dates_in_calendar and (
        own_time_circle(registration) is not None or awaits_circle(registration)
    )
    if withdraw:
        attachments.append(
            (
                f"{session.slug}-alte-termine.ics",
                build_cancel_calendar(sessions_for(registration), name=session.full_title),
                ICS_CANCEL_MIMETYPE,
            )
        )
        type(registration).objects.filter(pk=registration.pk).update(start_dates_in_calendar=False)
        registration.start_dates_in_calendar = False
    if awaits_circle(registration):
        return attachments
    attachments.insert(0, (f"{session.slug}.ics", calendar_for(registration), ICS_MIMETYPE))
    if session.kind.is_circle and own_time_circle(registration) is None:
        type(registration).objects.filter(pk=registration.pk).update(start_dates_in_calendar=True)
        registration.start_dates_in_calendar = True
    return attachments


def send(registration, template: str, subject: str, *, with_calendar=True, **extra) -> bool:
    """Render `formats/emails/<template>.txt|.html` for `registration` and queue it."""
    session = registration.session
    attachments = calendar_attachments(registration) if with_calendar else []
    context = {
        "registration": registration,
        "session": session,
        "meetings": meetings_for(registration),
        "circle": registration.circle if registration.circle_id else None,
        "awaits_circle": awaits_circle(registration),
        "has_calendar": any(mimetype == ICS_MIMETYPE for _, _, mimetype in attachments),
        "withdraws_start_dates": any(m == ICS_CANCEL_MIMETYPE for _, _, m in attachments),
        "windows": describe(registration.time_windows, session.duration_minutes),
        "guide_url": absolute(reverse("formats:wol_guide")),
        "room_url": room_url_for(registration),
        "site_url": settings.SITE_URL,
        "team_email": settings.TEAM_EMAIL,
        **participation_links(registration),
        **extra,
    }
    return mail.send_templated(
        f"formats/emails/{template}",
        subject,
        [registration.email],
        context,
        reply_to=[settings.TEAM_EMAIL],
        attachments=attachments,
    )


def send_registration_received(registration) -> bool:
    session = registration.session
    if registration.is_confirmed:
        return send(registration, "confirmed", f"Anmeldung bestätigt: {session.title}")
    return send(
        registration,
        "waiting",
        f"Warteliste (Platz {registration.waiting_position}): {session.title}",
        with_calendar=False,
        position=registration.waiting_position,
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


def first_meeting_start(registration):
    """When the person's first meeting begins: their circle's first meeting, else the
    session's start; None while a WOL registration waits for its circle."""
    meetings = meetings_for(registration)
    return meetings[0].start if meetings else None


def send_reminder(registration) -> bool:
    session = registration.session
    when = date_format(timezone.localtime(first_meeting_start(registration)), "l, j. F, H:i")
    return send(registration, "reminder", f"Erinnerung: {session.title} – {when} Uhr")


def send_circle_dates(registration) -> bool:
    circle = registration.circle
    return send(
        registration,
        "circle_dates",
        f"Ihr WOL-Kreis: alle Termine – {registration.session.title}",
        members=list(circle.members.confirmed().order_by("created_at", "pk")),
        is_facilitator=circle.facilitator_id == registration.pk,
    )


def send_circle_joined(host, joiner) -> bool:
    """Tell the person who runs an open circle (`host`: its facilitator, else its starter)
    that `joiner` joined it."""
    circle = joiner.circle
    member_count = circle.members.confirmed().count()
    size = circle.session.kind.circle_size
    return send(
        host,
        "circle_joined",
        f"Neu in Ihrem WOL-Kreis: {joiner.name}",
        with_calendar=False,
        joiner=joiner,
        member_count=member_count,
        circle_size=size,
        places_left=max(size - member_count, 0),
    )


def send_feedback_request(registration) -> bool:
    return send(
        registration,
        "feedback_request",
        f"Eine kurze Frage zu: {registration.session.title}",
        with_calendar=False,
        feedback_url=absolute(reverse("formats:feedback", args=[tokens.token_for(registration)])),
    )


def notify_team_circle_started(circle) -> bool:
    """Tell the team that someone started a circle; its theme waits for their check."""
    return mail.send_templated(
        "formats/emails/team_circle_started",
        f"Neuer WOL-Kreis wartet auf Freigabe: {circle.name} – {circle.session.title}",
        [settings.TEAM_EMAIL],
        {
            "circle": circle,
            "session": circle.session,
            "admin_url": absolute(reverse("admin:formats_circle_change", args=[circle.pk])),
        },
    )
