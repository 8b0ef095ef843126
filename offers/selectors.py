"""Reads shared by the public pages: home, offer detail, gaps."""

from django.db.models import Count, Q

from .models import Audience, Gap, Offer


def gaps_with_counts():
    """The five gaps, each with `offer_count` = number of visible offers addressing it."""
    visible = Offer.objects.visible().values("pk")
    return Gap.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__in=visible), distinct=True)
    ).order_by("number")


def newest_offers(limit=6):
    return Offer.objects.visible().for_cards().order_by("-published_at", "pk")[:limit]


def related_offers(offer, limit=4):
    """Up to `limit` visible offers sharing gaps or topics with `offer`, most overlap first."""
    gap_ids = list(offer.gaps.values_list("pk", flat=True))
    topic_ids = list(offer.topics.values_list("pk", flat=True))
    if not gap_ids and not topic_ids:
        return Offer.objects.none()
    return (
        Offer.objects.visible()
        .exclude(pk=offer.pk)
        .filter(Q(gaps__in=gap_ids) | Q(topics__in=topic_ids))
        .annotate(
            overlap=Count("gaps", filter=Q(gaps__in=gap_ids), distinct=True)
            + Count("topics", filter=Q(topics__in=topic_ids), distinct=True),
        )
        .order_by("-overlap", "-published_at", "pk")
        .for_cards()[:limit]
    )


def gap_coverage(gap):
    """Per audience: how many visible offers address `gap` (zero rows included)."""
    visible = Offer.objects.visible().filter(gaps=gap).values("pk")
    return Audience.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__in=visible), distinct=True)
    ).order_by("position", "name")


def coverage_matrix():
    """Visible offers per gap × audience, as (audiences, [(gap, [count per audience])])."""
    audiences = list(Audience.objects.order_by("position", "name"))
    gaps = list(Gap.objects.order_by("number"))
    visible = Offer.objects.visible().values("pk")
    pairs = (
        Offer.gaps.through.objects.filter(offer_id__in=visible)
        .values("gap_id", "offer__audiences")
        .annotate(n=Count("offer_id", distinct=True))
    )
    cells = {(row["gap_id"], row["offer__audiences"]): row["n"] for row in pairs}
    rows = [(gap, [cells.get((gap.pk, audience.pk), 0) for audience in audiences]) for gap in gaps]
    return audiences, rows
