"""Every state change of a registration happens here.

Seats are counted under a row lock on the session (`select_for_update`) inside
one transaction, so two people can never take the last seat at the same time.
The waiting list is promoted by one function, `promote_waiting_list`, which the
cancel path, the admin and the periodic command all call. E-mails are queued
(kommune360.mail) in the same transaction as the change they report: a
registration never commits without its confirmation and cancel link.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from . import circles, emails, tokens
from .models import Registration, RegistrationStatus, Session, SessionStatus, TalkFeedback

S = RegistrationStatus


class RegistrationError(Exception):
    """A registration that cannot be accepted; `message` is German and shown to the person."""

    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    code = "closed"


class AlreadyRegistered(RegistrationError):
    code = "duplicate"


class TandemNotAllowed(RegistrationError):
    code = "tandem"


class WaitingListFull(RegistrationError):
    code = "waiting_list_full"


WAITING_LIST_FULL = (
    "Dieser Termin ist ausgebucht, und auch die Warteliste ist voll. Schauen Sie gern nach "
    "einem anderen Termin – oder schreiben Sie uns, wenn Sie dieses Format gern öfter hätten."
)


class CircleUnavailable(RegistrationError):
    code = "circle"


@dataclass
class RegistrationResult:
    registrations: list[Registration]
    promoted: list[Registration] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return self.registrations[0].status == S.CONFIRMED


PERSON_FIELDS = ("name", "email", "organisation", "municipality", "role", "note")
# WOL circles only, with what a person without them gets.
CIRCLE_FIELDS = {"goal": "", "time_windows": list, "wants_to_facilitate": False}


def _person_values(person: dict) -> dict:
    values = {name: person.get(name, "") for name in PERSON_FIELDS}
    for name, default in CIRCLE_FIELDS.items():
        values[name] = person.get(name, default() if callable(default) else default)
    return values


@dataclass
class NewCircle:
    """A circle a person starts at registration: its weekly time and what it is about."""

    weekday: int
    start_time: object
    theme: str = ""


def _lock(session) -> Session:
    # of=("self",) locks the session row only, not the joined kind.
    return Session.objects.select_for_update(of=("self",)).select_related("kind").get(pk=session.pk)


def register(
    session,
    data: dict,
    tandem_partner: dict | None = None,
    *,
    join_circle=None,
    new_circle: NewCircle | None = None,
    now=None,
):
    """Register one person, or a tandem of two, for `session`.

    `data` and `tandem_partner` hold name, email, organisation, municipality,
    role (an Audience) and note. A person gets a confirmed seat while seats are
    free, else a place on the waiting list while it has room (Session.waiting_list_cap,
    counted under the same lock); a tandem gets two confirmed seats or goes to the
    waiting list together, never one of each. Raises WaitingListFull,
    RegistrationClosed (cancelled, past, deadline passed, follow-up meeting),
    AlreadyRegistered (an active registration with the same e-mail exists) or
    TandemNotAllowed (circle formats). Sends the confirmation or waiting-list
    e-mail to each person. Returns a RegistrationResult.

    For a WOL circle start, `data` may also hold goal, time_windows and
    wants_to_facilitate; the person may join an open circle (`join_circle`) or
    start one (`new_circle`). Both need a seat, and the circle's last place is
    taken under a lock too; otherwise CircleUnavailable is raised and nothing
    is saved.
    """
    now = now or timezone.now()
    people = [data] + ([tandem_partner] if tandem_partner else [])
    addresses = [person["email"].strip().lower() for person in people]
    if len(set(addresses)) != len(addresses):
        raise AlreadyRegistered(
            "Bitte geben Sie für die Tandem-Partner:in eine eigene E-Mail-Adresse an."
        )
    try:
        with transaction.atomic():
            locked = _lock(session)
            reason = locked.registration_closed_reason(now)
            if reason:
                raise RegistrationClosed(reason)
            if tandem_partner and locked.kind.is_circle:
                raise TandemNotAllowed(
                    "Für einen WOL-Circle meldet sich jede Person einzeln an, damit die Kreise "
                    "gut gemischt werden können."
                )
            taken = (
                locked.registrations.active()
                .annotate(email_lower=Lower("email"))
                .filter(email_lower__in=addresses)
                .exists()
            )
            if taken:
                raise AlreadyRegistered(
                    "Mit dieser E-Mail-Adresse besteht für diesen Termin schon eine Anmeldung. "
                    "Den Link zum Abmelden finden Sie in Ihrer Bestätigungs-E-Mail."
                )
            # People already waiting come first, e.g. after the team added seats.
            promoted = _promote_locked(locked, now)
            free = locked.capacity - locked.registrations.confirmed().count()
            status = S.CONFIRMED if free >= len(people) else S.WAITING
            if status == S.WAITING:
                waiting = locked.registrations.filter(status=S.WAITING).count()
                if waiting + len(people) > locked.waiting_list_cap:
                    raise WaitingListFull(WAITING_LIST_FULL)
            created = []
            for person in people:
                registration = Registration(
                    session=locked,
                    **_person_values(person),
                    consent_at=now,
                    status=status,
                    created_at=now,
                    confirmed_at=now if status == S.CONFIRMED else None,
                )
                tokens.issue(registration)
                registration.save()
                created.append(registration)
            if join_circle is not None or new_circle is not None:
                _enter_circle(locked, created[0], join_circle, new_circle)
            if len(created) == 2:
                first, second = created
                first.tandem_partner, second.tandem_partner = second, first
                first.save(update_fields=["tandem_partner"])
                second.save(update_fields=["tandem_partner"])
            for registration in promoted:
                emails.send_promoted(registration)
            for registration in created:
                emails.send_registration_received(registration)
    except IntegrityError as error:
        # The unique constraint caught what the lock did not (e.g. SQLite without row locks).
        raise AlreadyRegistered(
            "Mit dieser E-Mail-Adresse besteht für diesen Termin schon eine Anmeldung."
        ) from error
    return RegistrationResult(registrations=created, promoted=promoted)


def _enter_circle(session, registration, join_circle, new_circle) -> None:
    if not session.kind.is_circle:
        raise CircleUnavailable("Dieses Format hat keine Kreise.")
    if not registration.is_confirmed:
        raise CircleUnavailable(
            "Alle Plätze dieses Kreisstarts sind vergeben. Auf die Warteliste kommen Sie mit "
            "Ihren Zeitfenstern – wählen Sie dafür „Kreis aus meinen Zeitfenstern bilden“."
        )
    try:
        if join_circle is not None:
            circles.join_circle(registration, join_circle)
        else:
            circles.start_circle(
                registration,
                weekday=new_circle.weekday,
                start_time=new_circle.start_time,
                theme=new_circle.theme,
            )
    except circles.CircleUnavailable as error:
        raise CircleUnavailable(error.message) from error


def cancel(registration, *, now=None, notify: bool = True) -> list[Registration]:
    """Cancel `registration`, free its seat and let the waiting list move up.

    Cancelling twice changes nothing. A tandem partner keeps their own seat.
    Returns the registrations that moved up (they are e-mailed).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked_session = _lock(registration.session)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == S.CANCELLED:
            return []
        locked.status = S.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        circles.release_facilitator(locked)
        if locked_session.start > now:
            # Dots on a board that has not started yet should not count any more.
            locked.board_votes.all().delete()
        promoted = _promote_locked(locked_session, now)
        if notify:
            emails.send_cancelled(locked)
        for promoted_registration in promoted:
            emails.send_promoted(promoted_registration)
    registration.status, registration.cancelled_at = locked.status, locked.cancelled_at
    return promoted


def promote_waiting_list(session, *, now=None) -> list[Registration]:
    """Give free seats of `session` to the waiting list, first come first served.

    A tandem moves up only when both fit; a later single person may take a
    single free seat meanwhile. Nothing moves once the session has started or
    was cancelled. Returns the promoted registrations, each of which is e-mailed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        promoted = _promote_locked(_lock(session), now)
        for registration in promoted:
            emails.send_promoted(registration)
    return promoted


def _promote_locked(session, now) -> list[Registration]:
    """Promote within the caller's transaction; `session` must be locked by the caller."""
    if session.status != SessionStatus.PLANNED or session.start <= now:
        return []
    free = session.capacity - session.registrations.confirmed().count()
    if free <= 0:
        return []
    waiting = list(session.registrations.waiting_in_order().select_for_update())
    by_pk = {registration.pk: registration for registration in waiting}
    promoted, handled = [], set()
    for registration in waiting:
        if registration.pk in handled:
            continue
        unit = [registration]
        partner = by_pk.get(registration.tandem_partner_id)
        if partner is not None:
            unit.append(partner)
        handled.update(member.pk for member in unit)
        if len(unit) > free:
            continue
        for member in unit:
            member.status = S.CONFIRMED
            member.confirmed_at = now
            member.save(update_fields=["status", "confirmed_at"])
        promoted.extend(unit)
        free -= len(unit)
        if free == 0:
            break
    return promoted


def cancel_session(session, *, reason: str = "", now=None) -> int:
    """Call off `session` (and, for a circle start, its follow-up meetings).

    The status change raises the calendar SEQUENCE; everybody registered or
    waiting gets an e-mail with the cancelled event. Returns how many people
    were told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(session)
        targets = [locked, *locked.follow_ups.all()]
        for target in targets:
            if target.status != SessionStatus.CANCELLED:
                target.status = SessionStatus.CANCELLED
                target.save(update_fields=["status", "updated_at"])
        people = list(locked.registrations.active().select_related("session__kind", "circle"))
        for registration in people:
            emails.send_session_cancelled(registration, reason)
    session.status = locked.status
    return len(people)


def notify_session_changed(session) -> int:
    """E-mail everybody registered or waiting the updated session with its calendar entry.

    The entry keeps its UID and carries the raised SEQUENCE, so calendars move
    the existing appointment. Returns how many people were told.
    """
    with transaction.atomic():
        people = list(session.registrations.active().select_related("session__kind", "circle"))
        for registration in people:
            emails.send_session_changed(registration)
    return len(people)


def find_by_token(token: str):
    """The registration a token belongs to, or None."""
    if not tokens.looks_like_token(token):
        return None
    return (
        Registration.objects.select_related("session__kind", "session__parent", "role", "circle")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )


def send_due_reminders(*, now=None, window=timedelta(hours=24)) -> int:
    """E-mail every confirmed participant whose first meeting starts within `window`.

    The first meeting is the session's start, or for a WOL circle with its own weekly
    time the circle's first meeting; a WOL registration without a circle yet is not
    reminded (its time is not known). Each registration is reminded at most once, also
    when two runs overlap: a run claims the registration by stamping `reminder_sent_at`
    and queues the mail in the same transaction. People who registered inside the window
    just got their confirmation and are skipped. Returns the number of reminders queued.
    """
    now = now or timezone.now()
    planned = Registration.objects.confirmed().filter(
        reminder_sent_at__isnull=True, session__status=SessionStatus.PLANNED
    )
    single = (
        planned.exclude(session__kind__circle_size__gt=0)
        .filter(
            session__start__gt=now,
            session__start__lte=now + window,
        )
        .exclude(confirmed_at__gte=F("session__start") - window)
        .select_related("session__kind", "circle")
    )
    # A circle's first meeting lies in the week that begins on its start's day.
    in_circles = planned.filter(
        session__kind__circle_size__gt=0,
        circle__isnull=False,
        session__start__gt=now - timedelta(days=7),
        session__start__lte=now + window,
    ).select_related("session__kind", "circle__session__kind")
    due = list(single)
    for registration in in_circles:
        first = emails.first_meeting_start(registration)
        confirmed_late = registration.confirmed_at and registration.confirmed_at >= first - window
        if now < first <= now + window and not confirmed_late:
            due.append(registration)
    return _claim_and_send(due, "reminder_sent_at", emails.send_reminder, now)


def _claim_and_send(due, stamp_field, send, now) -> int:
    """Queue `send(registration)` once per registration in `due`: a run claims each one by
    stamping `stamp_field` in the same transaction as the mail, so overlapping runs never
    send twice. Returns how many were sent."""
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, status=S.CONFIRMED, **{f"{stamp_field}__isnull": True}
            ).update(**{stamp_field: now})
            if claimed and send(registration):
                sent += 1
    return sent


# After a talk: one short question (formats with FormatKind.asks_feedback).

FEEDBACK_ASKED_AFTER = timedelta(minutes=30)
# Requests go out for talks that ended within this window, so a late first run of the
# command does not ask about talks long gone; answers are taken for FEEDBACK_OPEN_FOR.
FEEDBACK_REQUEST_WINDOW = timedelta(days=7)
FEEDBACK_OPEN_FOR = timedelta(days=30)


def send_due_feedback_requests(*, now=None) -> int:
    """E-mail everyone who had a seat at a talk that ended at least half an hour ago
    (and at most a week ago) the link to its feedback question.

    Each registration is asked at most once, also when two runs overlap: a run
    claims it by stamping `feedback_requested_at` and queues the mail in the same
    transaction. Cancelled talks ask nothing. Returns the number of requests queued.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.confirmed()
        .filter(
            feedback_requested_at__isnull=True,
            session__kind__asks_feedback=True,
            session__status__in=[SessionStatus.PLANNED, SessionStatus.HELD],
            session__end__lte=now - FEEDBACK_ASKED_AFTER,
            session__end__gt=now - FEEDBACK_REQUEST_WINDOW,
        )
        .select_related("session__kind", "circle")
    )
    return _claim_and_send(due, "feedback_requested_at", emails.send_feedback_request, now)


def feedback_closed_reason(registration, *, now=None) -> str:
    """Why this person cannot answer the feedback question (German), or "" when they can."""
    now = now or timezone.now()
    session = registration.session
    if not session.kind.asks_feedback:
        return "Für dieses Format fragen wir keine Rückmeldung ab."
    if registration.status != S.CONFIRMED:
        return "Eine Rückmeldung können nur Teilnehmende geben, die einen Platz hatten."
    if session.status == SessionStatus.CANCELLED:
        return "Dieser Termin wurde abgesagt."
    if session.end > now:
        return "Die Frage ist ab dem Ende des Termins offen."
    if session.end + FEEDBACK_OPEN_FOR < now:
        return "Die Frage zu diesem Termin ist inzwischen geschlossen. Danke trotzdem!"
    return ""


def give_feedback(registration, rating: int, comment: str = "", *, now=None):
    """Store (or change) the person's answer: a rating from 1 to 5 and an optional comment.

    Raises RegistrationError when the question is not open for them.
    """
    reason = feedback_closed_reason(registration, now=now)
    if reason:
        raise RegistrationError(reason)
    if not 1 <= rating <= 5:
        raise RegistrationError("Bitte eine Zahl von 1 bis 5 wählen.")
    feedback, _ = TalkFeedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment.strip()}
    )
    return feedback
