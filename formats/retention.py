"""Retention of personal data in registrations (setting FORMATS_RETENTION_MONTHS).

The privacy notice promises: a registration is deleted the retention period
after the session (for a WOL circle after its last meeting), also when the
person cancelled. Registrations are anonymised rather than removed
(formats.privacy.anonymise_registration): name, address, organisation,
municipality, note, goal, time windows and the feedback's comment go, the token
is replaced; status, role, dates and the feedback's rating stay, so past
sessions still show how many took part and how the talk was rated. The team's
internal note and the theme of a circle of such a session go too. What a Lean
Coffee board holds stays as the round's record, as the notice says, except who
was named for an agreed step (BoardAction.owner, free text that may be a name).
"""

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kommune360.retention import months_before

from .models import BoardAction, Circle, FormatKind, Registration, Session
from .privacy import anonymise_registration, is_anonymised


def cutoff(now=None) -> datetime.datetime:
    return months_before(now or timezone.now(), settings.FORMATS_RETENTION_MONTHS)


def _over(session_field: str, limit):
    """A filter and an exclusion for rows whose session (`session_field`) and every
    follow-up meeting of it ended before `limit`.

    A circle start counts from its circles' last meeting, also when it has no
    follow-up sessions (a self-organised circle meets at its own weekly time):
    a circle meets first within six days of the start and then weekly, so its
    last meeting ends at most (meetings - 1) weeks and six days after the start's end.
    """
    ended = Q(**{f"{session_field}__end__lt": limit})
    circle_kinds = list(FormatKind.objects.filter(circle_size__isnull=False))
    over = ended & ~Q(**{f"{session_field}__kind__in": circle_kinds})
    for kind in circle_kinds:
        last = timedelta(weeks=kind.meetings_per_circle - 1, days=6)
        over |= Q(**{f"{session_field}__kind": kind, f"{session_field}__end__lt": limit - last})
    later_meeting = Session.objects.filter(parent=OuterRef(session_field), end__gte=limit)
    return over, Exists(later_meeting)


def expired_registrations(now=None):
    """Registrations whose session ended more than the retention period ago and that
    still hold personal data."""
    over, later = _over("session", cutoff(now))
    return Registration.objects.filter(over).exclude(later).exclude(is_anonymised()).order_by("pk")


def expired_circle_notes(now=None):
    """Circles of expired sessions that still carry the team's note or a theme."""
    over, later = _over("session", cutoff(now))
    return Circle.objects.filter(over).exclude(later).exclude(note="", theme="").order_by("pk")


def expired_action_owners(now=None):
    """Agreed steps of Lean Coffee rounds that ended more than the retention period ago
    and still name who takes care of them."""
    over, later = _over("session", cutoff(now))
    return BoardAction.objects.filter(over).exclude(later).exclude(owner="").order_by("pk")


@dataclass
class PurgeReport:
    cutoff: datetime.datetime
    registrations: int = 0
    circle_notes: int = 0
    action_owners: int = 0

    @property
    def total(self):
        return self.registrations + self.circle_notes + self.action_owners


def purge_personal_data(now=None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every expired registration, clear expired circle notes and the names of
    who takes care of expired agreed steps; with dry_run
    only count them. Idempotent: anonymised registrations and empty notes are not found
    again."""
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(expired_registrations(now))
        circles = list(expired_circle_notes(now))
        actions = expired_action_owners(now)
        report = PurgeReport(
            cutoff=cutoff(now),
            registrations=len(registrations),
            circle_notes=len(circles),
            action_owners=actions.count(),
        )
        if not dry_run:
            for registration in registrations:
                anonymise_registration(registration)
            Circle.objects.filter(pk__in=[circle.pk for circle in circles]).update(
                note="", theme=""
            )
            actions.update(owner="")
    return report
