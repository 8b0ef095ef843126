"""Personal data in format registrations: DSGVO information (Art. 15) and erasure (Art. 17).

Part of the privacy registry (see feedback.dsgvo): `export_for_email(email) -> dict`
and `erase_for_email(email) -> int`.
"""

from django.db.models import Q
from django.utils import timezone

from . import services, tokens
from .models import BoardAction, Circle, Registration, TalkFeedback
from .time_windows import describe

# An anonymised registration keeps a unique placeholder address on a reserved domain
# (the field is required, and the per-session uniqueness must still hold).
ERASED_NAME = "gelöscht"
ERASED_DOMAIN = "geloescht.invalid"


def _iso(value):
    return value.isoformat() if value else None


def _registrations(email: str):
    return Registration.objects.filter(email__iexact=email.strip())


def export_for_email(email: str) -> dict:
    """Every registration made with `email`, with what the person wrote and what we noted."""
    registrations = (
        _registrations(email)
        .select_related("session__kind", "role", "tandem_partner", "circle", "talk_feedback")
        .prefetch_related("proposed_topics")
        .order_by("created_at", "pk")
    )
    return {
        "anmeldungen": [
            {
                "id": r.pk,
                "termin": r.session.title,
                "format": r.session.kind.name,
                "beginn": _iso(r.session.start),
                "status": r.get_status_display(),
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "kommune": r.municipality,
                "rolle": r.role.name,
                "anmerkung": r.note,
                "einwilligung_am": _iso(r.consent_at),
                "angemeldet_am": _iso(r.created_at),
                "bestaetigt_am": _iso(r.confirmed_at),
                "storniert_am": _iso(r.cancelled_at),
                "erinnerung_gesendet_am": _iso(r.reminder_sent_at),
                "tandem_mit": r.tandem_partner.name if r.tandem_partner else None,
                "wol_kreis": r.circle.name if r.circle else None,
                "lean_coffee_themen": [topic.title for topic in r.proposed_topics.all()],
                "lean_coffee_punkte": r.board_votes.count(),
                "lean_coffee_schritte_mit_ihrem_namen": [
                    {"vereinbarung": action.text, "wer": action.owner}
                    for action in actions_naming(r)
                ],
                "ziel": r.goal,
                "zeitfenster": describe(r.time_windows, r.session.duration_minutes),
                "moderation_angeboten": r.wants_to_facilitate,
                "gestartete_kreise": [
                    {"name": c.name, "thema": c.theme} for c in Circle.objects.filter(started_by=r)
                ],
                "um_rueckmeldung_gebeten_am": _iso(r.feedback_requested_at),
                "rueckmeldung": _feedback(r),
            }
            for r in registrations
        ]
    }


def actions_naming(registration):
    """Agreed steps of the person's Lean Coffee round whose "Wer kümmert sich?" holds the
    name they registered with. The field is free text, so this is the closest match an
    e-mail address allows; the retention purge clears it for everyone in the end."""
    name = registration.name.strip()
    if not name or name == ERASED_NAME:
        return BoardAction.objects.none()
    return BoardAction.objects.filter(
        session_id=registration.session_id, owner__icontains=name
    ).order_by("pk")


def _feedback(registration):
    try:
        feedback = registration.talk_feedback
    except TalkFeedback.DoesNotExist:
        return None
    return {
        "bewertung": feedback.rating,
        "kommentar": feedback.comment,
        "gegeben_am": _iso(feedback.created_at),
    }


def erase_for_email(email: str) -> int:
    """Anonymise every registration made with `email`; returns how many were changed.

    An active registration for a session still to come is cancelled first
    through the service, so its seat goes to the waiting list. Then the
    registration is anonymised (`anonymise_registration`). Topics proposed on a
    Lean Coffee board stay as part of the round's record; the theme of a circle
    the person started goes.
    """
    now = timezone.now()
    changed = 0
    for registration in _registrations(email).select_related("session"):
        if registration.is_active and registration.session.start > now:
            services.cancel(registration, notify=False)
        registration.refresh_from_db()
        anonymise_registration(registration)
        changed += 1
    return changed


def is_anonymised():
    """Q for registrations whose personal data is already gone."""
    return Q(email__endswith=f"@{ERASED_DOMAIN}")


def anonymise_registration(registration: Registration) -> None:
    """Remove name, address, organisation, municipality, note, goal and time windows of
    `registration`, the comment of its feedback, the theme of a circle it started and its
    name where an agreed step of its round names it (`actions_naming`), and replace its
    token, so old links stop working. Status, role, session, circle,
    tandem link, dates and the feedback's rating stay, so seat counts and statistics
    still add up."""
    actions_naming(registration).update(owner="")
    registration.name = ERASED_NAME
    registration.email = f"geloescht-{registration.pk}@{ERASED_DOMAIN}"
    registration.organisation = ""
    registration.municipality = ""
    registration.note = ""
    registration.goal = ""
    registration.time_windows = []
    registration.wants_to_facilitate = False
    tokens.issue(registration)
    registration.save(
        update_fields=[
            "name",
            "email",
            "organisation",
            "municipality",
            "note",
            "goal",
            "time_windows",
            "wants_to_facilitate",
            "token_hash",
            "token_nonce",
        ]
    )
    TalkFeedback.objects.filter(registration=registration).update(comment="")
    Circle.objects.filter(started_by=registration).update(theme="")
