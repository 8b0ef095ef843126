"""Working-Out-Loud circles: forming mixed small groups from the registrations of a start.

The point of a circle is the mix: people from different municipalities and in
different roles. `propose_circle` picks such a mix greedily; the team reviews
and adjusts it in the admin, then sends each member their dates.
"""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import emails
from .models import Circle, Registration, RegistrationStatus


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


@transaction.atomic
def form_circles(session) -> list[Circle]:
    """Group the confirmed, not yet assigned registrations of a circle start into circles.

    Circles come out as even as possible (7 people give 4 + 3, not 5 + 2) and
    never larger than the kind's circle size. Returns the new circles.
    """
    size = circle_size(session)
    pool = list(
        session.registrations.confirmed()
        .filter(circle__isnull=True)
        .select_related("role")
        .order_by("created_at", "pk")
    )
    if not pool:
        return []
    count = math.ceil(len(pool) / size)
    existing = session.circles.count()
    created = []
    for number in range(existing + 1, existing + count + 1):
        remaining_circles = existing + count - number + 1
        members = propose_circle(pool, size=math.ceil(len(pool) / remaining_circles))
        circle = Circle.objects.create(session=session, name=f"Kreis {number}")
        Registration.objects.filter(pk__in=[member.pk for member in members]).update(circle=circle)
        pool = [registration for registration in pool if registration not in members]
        created.append(circle)
    return created


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


@transaction.atomic
def send_circle_dates(circle, *, now=None) -> int:
    """E-mail every member of `circle` all meetings as one calendar file; returns mails queued."""
    members = circle.members.confirmed().select_related("session__kind", "circle")
    sent = sum(1 for member in members if emails.send_circle_dates(member))
    circle.dates_sent_at = now or timezone.now()
    circle.save(update_fields=["dates_sent_at"])
    return sent
