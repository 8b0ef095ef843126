"""Working-Out-Loud circles: small mixed groups that meet weekly at a time all members can.

The point of a circle is the mix: people from different municipalities and in
different roles. At registration each person names a goal and the weekly time
windows they could meet in; `form_circles` groups people who share a window
and picks a mix among them (`propose_circle`). A person may also start a circle
with a proposed time, which others then join (`start_circle`, `join_circle`).
The team reviews circles in the admin and sends each member their dates.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import emails, time_windows
from .models import Circle, Registration, RegistrationStatus, SessionStatus
from .time_windows import Window


def place_of(registration) -> str:
    """Where a person works: the municipality, else the organisation (normalised)."""
    return (registration.municipality or registration.organisation).strip().casefold()


def propose_circle(registrations, size: int = 5) -> list:
    """Choose up to `size` of `registrations` with as many distinct places and roles as possible.

    Greedy: each step takes the person who adds the most that is new (a place
    not yet in the circle counts as much as a role not yet in it; a new place
    wins a tie), and among equals the one who registered first. The input order
    is taken as registration order.
    """
    pool = list(registrations)
    chosen, places, roles = [], set(), set()
    while pool and len(chosen) < size:

        def score(item):
            index, registration = item
            new_place = place_of(registration) not in places
            new_role = registration.role_id not in roles
            return (new_place + new_role, new_place, -index)

        index, best = max(enumerate(pool), key=score)
        pool.pop(index)
        chosen.append(best)
        places.add(place_of(best))
        roles.add(best.role_id)
    return chosen


def circle_size(session) -> int:
    return session.kind.circle_size or 5


# Fewer people than this in one window make no circle: they wait for more, or the team
# places them by hand.
MIN_MEMBERS = 3


def windows_of(registration, default: Window) -> set[str]:
    """The windows a person could meet in; without any ticked, the circle start's own time."""
    return set(time_windows.codes_of(registration)) or {default.code}


@dataclass
class Formation:
    created: list[Circle] = field(default_factory=list)
    # People added to an existing circle that had room at a time they ticked.
    placed: list[Registration] = field(default_factory=list)
    # People for whom no window had enough others; the team places them by hand.
    unplaced: list[Registration] = field(default_factory=list)


def _next_number(session) -> int:
    numbers = [
        int(name.removeprefix("Kreis "))
        for name in session.circles.values_list("name", flat=True)
        if name.removeprefix("Kreis ").isdigit()
    ]
    return max(numbers, default=0) + 1


def choose_facilitator(members):
    """The first member who offered to facilitate, else the first member."""
    volunteers = [member for member in members if member.wants_to_facilitate]
    return (volunteers or list(members) or [None])[0]


def _usable_windows(pool, default: Window) -> dict[str, int]:
    """Windows at least MIN_MEMBERS of `pool` could meet in, with how many could."""
    counts = Counter(code for r in pool for code in windows_of(r, default))
    return {code: count for code, count in counts.items() if count >= MIN_MEMBERS}


def _scarcity(default: Window):
    """Order of windows for the quick plan: the scarcest first, so people who share only
    it are not left alone; among equals the start's own time, then the earliest."""
    return lambda item: (item[1], item[0] != default.code, time_windows.parse(item[0]))


def _members_in(code: str, count: int, pool, default: Window, size: int) -> list:
    """Who forms the next circle in window `code`: as even a share of its `count` people
    as the circle size allows (7 give 4 + 3). Time is the hard constraint, the mix the soft
    one: people who can only meet in this window come first, and the mix is chosen among
    them and then the others."""
    take = math.ceil(count / math.ceil(count / size))
    candidates = [r for r in pool if code in windows_of(r, default)]
    only_here = [r for r in candidates if windows_of(r, default) == {code}]
    others = [r for r in candidates if r not in only_here]
    members = propose_circle(only_here, size=take)
    return members + propose_circle(others, size=take - len(members))


def _left_over(pool, default: Window, size: int) -> int:
    """How many of `pool` the quick plan (scarcest window first) leaves without a circle."""
    while True:
        usable = _usable_windows(pool, default)
        if not usable:
            return len(pool)
        code, count = min(usable.items(), key=_scarcity(default))
        members = _members_in(code, count, pool, default, size)
        pool = [r for r in pool if r not in members]


def _choose_window(pool, default: Window, size: int):
    """The window of the next circle and its members, or None when no window has enough.

    Looks one step ahead: each usable window is tried, the rest is planned quickly
    (`_left_over`), and the window that leaves the fewest people without a circle wins;
    among equals the scarcest (see `_scarcity`).
    """
    usable = _usable_windows(pool, default)
    best = None
    for code, count in usable.items():
        members = _members_in(code, count, pool, default, size)
        rest = [r for r in pool if r not in members]
        key = (_left_over(rest, default, size), _scarcity(default)((code, count)))
        if best is None or key < best[0]:
            best = (key, code, members)
    return None if best is None else best[1:]


@transaction.atomic
def form_circles(session) -> Formation:
    """Group the confirmed, not yet assigned registrations of a circle start by time windows.

    Each person named the weekly windows they could meet in (none: the start's
    own time). First, people join an existing circle, not yet sent its dates,
    that meets at a window they ticked and has room. Then, again and again, a
    window that at least MIN_MEMBERS of the remaining people share becomes the
    time of a new circle: the one after which the fewest people are left without
    a circle (`_choose_window` looks one step ahead), among equals the scarcest.
    Who can meet only then is taken first; within that, members are mixed by
    place and role (`propose_circle`).
    Circles in one window come out as even as possible (7 people give 4 + 3)
    and never larger than the kind's circle size. People left without such a
    window stay unplaced for the team. Each new circle gets a facilitator
    (`choose_facilitator`).
    """
    size = circle_size(session)
    default = time_windows.of_session(session)
    pool = list(
        session.registrations.confirmed()
        .filter(circle__isnull=True)
        .select_related("role")
        .order_by("created_at", "pk")
    )
    formation = Formation()
    for circle in session.circles.filter(dates_sent_at__isnull=True).order_by("pk"):
        room = size - circle.members.confirmed().count()
        fitting = [r for r in pool if circle.window.code in windows_of(r, default)]
        for registration in fitting[: max(room, 0)]:
            registration.circle = circle
            registration.save(update_fields=["circle"])
            formation.placed.append(registration)
            pool.remove(registration)
    number = _next_number(session)
    while pool:
        choice = _choose_window(pool, default, size)
        if choice is None:
            break
        code, members = choice
        window = time_windows.parse(code)
        circle = Circle.objects.create(
            session=session,
            name=f"Kreis {number}",
            weekday=None if window == default else window.weekday,
            start_time=None if window == default else window.start,
            facilitator=choose_facilitator(members),
        )
        Registration.objects.filter(pk__in=[member.pk for member in members]).update(circle=circle)
        pool = [registration for registration in pool if registration not in members]
        formation.created.append(circle)
        number += 1
    formation.unplaced = pool
    return formation


def open_circles(session):
    """Circles of a start that people may still join: open, with room, dates not yet sent."""
    size = circle_size(session)
    circles = (
        session.circles.filter(is_open=True, dates_sent_at__isnull=True)
        .annotate(
            member_count=Count("members", filter=Q(members__status=RegistrationStatus.CONFIRMED))
        )
        .filter(member_count__lt=size)
        .select_related("session__kind")
        .order_by("pk")
    )
    for circle in circles:
        circle.places_left = size - circle.member_count
    return list(circles)


class CircleUnavailable(Exception):
    """Joining or starting a circle is not possible; `message` is German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def join_circle(registration, circle) -> None:
    """Put a confirmed `registration` into an open `circle`; call inside the registration's
    transaction. The circle row is locked, so two people cannot take its last place.
    The circle's facilitator (else whoever started it) gets a short e-mail in the same
    transaction."""
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    if circle.session_id != registration.session_id or not circle.is_open or circle.dates_sent_at:
        raise CircleUnavailable("Diesem Kreis kann man nicht mehr beitreten.")
    if circle.members.confirmed().count() >= circle_size(registration.session):
        raise CircleUnavailable(
            f"{circle.name} ist inzwischen voll. Bitte wählen Sie einen anderen Kreis – oder "
            "lassen Sie uns Ihren Kreis aus Ihren Zeitfenstern bilden."
        )
    registration.circle = circle
    registration.save(update_fields=["circle"])
    host = circle_host(circle)
    if host is not None and host.pk != registration.pk:
        emails.send_circle_joined(host, registration)


def circle_host(circle):
    """Who runs a circle and hears of new members: its facilitator, else who started it,
    as long as they still have a seat; None otherwise."""
    for candidate_id in (circle.facilitator_id, circle.started_by_id):
        if candidate_id is None:
            continue
        host = (
            Registration.objects.confirmed()
            .select_related("session__kind", "circle")
            .filter(pk=candidate_id, circle=circle)
            .first()
        )
        if host is not None:
            return host
    return None


def start_circle(registration, *, weekday: int, start_time, theme: str) -> Circle:
    """Start a circle with `registration` as its first member and facilitator; call inside
    the registration's transaction. Its theme is public once listed, so the circle stays
    unlisted and closed to others until the team releases it (`release_circle`); the team
    gets a notice in the same transaction."""
    session = registration.session
    circle = Circle.objects.create(
        session=session,
        name=f"Kreis {_next_number(session)}",
        theme=theme,
        weekday=weekday,
        start_time=start_time,
        is_open=False,
        started_by=registration,
        facilitator=registration,
    )
    registration.circle = circle
    registration.save(update_fields=["circle"])
    emails.notify_team_circle_started(circle)
    return circle


def release_circle(circle, *, now=None) -> bool:
    """List a self-started circle under the open circles, so others may join it.

    Releasing twice changes nothing; a circle whose dates went out stays closed.
    Returns True when the circle was released now.
    """
    released = Circle.objects.filter(
        pk=circle.pk, released_at__isnull=True, dates_sent_at__isnull=True
    ).update(is_open=True, released_at=now or timezone.now())
    circle.refresh_from_db(fields=["is_open", "released_at"])
    return bool(released)


def release_facilitator(registration) -> None:
    """A facilitator who cancels leaves the role open for the team or the circle to fill."""
    Circle.objects.filter(facilitator=registration).update(facilitator=None)


def validate_membership(registration, circle) -> None:
    """Raise ValidationError unless `registration` may join `circle`."""
    if circle is None:
        return
    if circle.session_id != registration.session_id:
        raise ValidationError("Der Kreis gehört zu einem anderen Kreisstart.")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError("Nur bestätigte Anmeldungen können einem Kreis angehören.")
    others = circle.members.exclude(pk=registration.pk).count()
    if others >= circle_size(registration.session):
        raise ValidationError(
            f"{circle.name} ist voll (höchstens {circle_size(registration.session)} Mitglieder)."
        )


def room_of(circle) -> str:
    """The online room a circle meets in: its own, else its circle start's."""
    return circle.room_url or circle.session.room_url


def _period(circle):
    meetings = circle.weekly_meetings()
    return meetings[0].start, meetings[-1].end


def room_clashes(circle) -> list[Circle]:
    """Other circles that would meet in the same online room at the same weekly time
    while `circle` runs (a circle without its own room uses its start's); empty when
    the circle has no room yet."""
    room = room_of(circle)
    if not room:
        return []
    first, last = _period(circle)
    others = (
        Circle.objects.exclude(pk=circle.pk)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__kind")
        .order_by("pk")
    )
    clashes = []
    for other in others:
        if room_of(other) != room or other.window != circle.window:
            continue
        other_first, other_last = _period(other)
        if other_first < last and first < other_last:
            clashes.append(other)
    return clashes


@transaction.atomic
def send_circle_dates(circle, *, now=None) -> int:
    """E-mail every member of `circle` all meetings as one calendar file; returns mails queued."""
    members = circle.members.confirmed().select_related("session__kind", "circle")
    sent = sum(1 for member in members if emails.send_circle_dates(member))
    circle.dates_sent_at = now or timezone.now()
    circle.save(update_fields=["dates_sent_at"])
    return sent
