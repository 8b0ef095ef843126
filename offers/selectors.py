"""Reads shared by the public pages: home, offer detail, gaps."""

from django.db import connection
from django.db.models import Count, F, Q

from .models import Audience, Gap, Offer


def gaps_with_counts():
    """The five gaps, each with `offer_count` = number of visible offers addressing it."""
    visible = Offer.objects.visible().values("pk")
    return Gap.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__in=visible), distinct=True)
    ).order_by("number")


def newest_offers(limit=6):
    return Offer.objects.visible().for_cards().order_by("-published_at", "pk")[:limit]


RELATED_SHORTLIST = 50


def related_offers(offer, limit=4):
    """Up to `limit` visible offers sharing gaps or topics with `offer`, most overlap first.

    Overlap = shared gaps + shared topics, ties go to the newest. Counted straight
    from the m2m tables (one row per shared value, grouped by offer) rather than
    by joining both relations to every offer, which multiplies rows and needs
    COUNT(DISTINCT).

    On a large catalogue most offers share something, so only candidates whose
    overlap reaches that of the RELATED_SHORTLIST best ones are looked up. That is
    exact whenever it yields `limit` offers (everything left out has less
    overlap than each of them); otherwise the query runs again without the cut.
    """
    # `offer.gaps.all()` and `.topics.all()` use the view's prefetch when there is one.
    shared = [
        (Offer.gaps.through, "gap_id", [gap.pk for gap in offer.gaps.all()]),
        (Offer.topics.through, "topic_id", [topic.pk for topic in offer.topics.all()]),
    ]
    shared = [(through, column, ids) for through, column, ids in shared if ids]
    if not shared:
        return []
    ids = _related_ids(offer, shared, limit, shortlist=RELATED_SHORTLIST)
    if len(ids) < limit:
        ids = _related_ids(offer, shared, limit, shortlist=None)
    offers = {o.pk: o for o in Offer.objects.filter(pk__in=ids).for_cards()}
    return [offers[pk] for pk in ids if pk in offers]


def _related_ids(offer, shared, limit, *, shortlist):
    quote = connection.ops.quote_name
    params = []
    parts = []
    for through, column, ids in shared:
        marks = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT offer_id FROM {quote(through._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(column)} IN ({marks})"
        )
        params += ids
    candidates_sql, candidates_params = (
        Offer.objects.visible()
        .exclude(pk=offer.pk)
        .order_by()
        .values(v_id=F("pk"), v_published=F("published_at"))
        .query.sql_with_params()
    )
    params += candidates_params
    cut = ""
    if shortlist:
        cut = (
            "WHERE c.overlap >= (SELECT MIN(overlap) FROM "
            "(SELECT overlap FROM c ORDER BY overlap DESC LIMIT %s) best) "
        )
        params.append(shortlist)
    sql = (
        "WITH c AS (SELECT offer_id, COUNT(*) AS overlap "  # noqa: S608
        f"FROM ({' UNION ALL '.join(parts)}) s GROUP BY offer_id) "
        f"SELECT v.v_id FROM ({candidates_sql}) v JOIN c ON c.offer_id = v.v_id {cut}"
        "ORDER BY c.overlap DESC, v.v_published DESC, v.v_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


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
