"""Reads of contributions that views share."""

from django.db.models import Count, QuerySet

from .models import Contribution, ContributionKind, Need


def published_for_gap(gap) -> QuerySet:
    """Contributions shown on the page of `gap`, newest first.

    Only contributions the team published AND whose author opted in; each carries
    `display_name` (the author's name or "anonym", as the author chose). Contact
    data is not loaded.
    """
    return Contribution.objects.public().filter(gap=gap).order_by("-created_at", "-id")


def needs_by_gap_and_audience() -> dict[tuple[int, int], int]:
    """{(gap id, audience id): number of reported needs} for the coverage table.

    Counts every need that is not archived (Need.objects.counted()): numbers only,
    no text and no name leaves the app. Needs without a gap or audience are left out.
    """
    rows = (
        Need.objects.counted()
        .filter(contribution__gap__isnull=False, audience__isnull=False)
        .values("contribution__gap", "audience")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["contribution__gap"], row["audience"]): row["n"] for row in rows}


def stories_for_offer(offer) -> QuerySet:
    """Practitioners' stories ("Erfahrung teilen") tied to `offer`, newest first.

    Only what the team published AND the author opted in to, shown with the name
    only if the author chose so (`display_name`); contact data is not loaded.
    """
    return (
        Contribution.objects.public()
        .filter(kind=ContributionKind.EXPERIENCE, offer=offer)
        .order_by("-created_at", "-id")
    )
