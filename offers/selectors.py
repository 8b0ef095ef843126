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


# How many of the most recent offers per shared gap or topic are considered.
RELATED_POOL = 200


def related_offers(offer, limit=4):
    """Up to `limit` visible offers sharing gaps or topics with `offer`, most overlap first.

    Overlap = shared gaps + shared topics, ties go to the newest. Candidates are
    the RELATED_POOL most recent offers (highest ids) of each shared gap and
    topic, read backwards from the (value, offer) indexes; their overlap is then
    counted exactly. The work is bounded by the pool, not by the catalogue size,
    so a detail page stays fast with 100,000 offers.
    """
    # `offer.gaps.all()` and `.topics.all()` use the view's prefetch when there is one.
    shared = [
        (Offer.gaps.through, "gap_id", [gap.pk for gap in offer.gaps.all()]),
        (Offer.topics.through, "topic_id", [topic.pk for topic in offer.topics.all()]),
    ]
    shared = [(through, column, ids) for through, column, ids in shared if ids]
    if not shared:
        return []
    ids = _related_ids(offer, shared, limit)
    offers = {o.pk: o for o in Offer.objects.filter(pk__in=ids).for_cards()}
    return [offers[pk] for pk in ids if pk in offers]


def _related_ids(offer, shared, limit):
    quote = connection.ops.quote_name
    pool_parts, pool_params, overlap_parts, overlap_params = [], [], [], []
    for through, column, ids in shared:
        table, column = quote(through._meta.db_table), quote(column)
        for value in ids:
            pool_parts.append(
                f"SELECT offer_id FROM (SELECT offer_id FROM {table} "  # noqa: S608
                f"WHERE {column} = %s ORDER BY offer_id DESC LIMIT %s) p"
            )
            pool_params += [value, RELATED_POOL]
        marks = ", ".join(["%s"] * len(ids))
        overlap_parts.append(
            f"SELECT offer_id FROM {table} WHERE {column} IN ({marks}) "  # noqa: S608
            "AND offer_id IN (SELECT offer_id FROM pool)"
        )
        overlap_params += ids
    visible_sql, visible_params = (
        Offer.objects.visible()
        .exclude(pk=offer.pk)
        .order_by()
        .values(v_id=F("pk"), v_published=F("published_at"))
        .query.sql_with_params()
    )
    sql = (
        f"WITH pool AS ({' UNION '.join(pool_parts)}), "  # noqa: S608
        "c AS (SELECT offer_id, COUNT(*) AS overlap "
        f"FROM ({' UNION ALL '.join(overlap_parts)}) s GROUP BY offer_id) "
        f"SELECT v.v_id FROM ({visible_sql}) v JOIN c ON c.offer_id = v.v_id "
        "ORDER BY c.overlap DESC, v.v_published DESC, v.v_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pool_params, *overlap_params, *visible_params, limit])
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
