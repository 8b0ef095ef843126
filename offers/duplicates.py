"""Likely duplicates of an offer: a similar title from the same provider.

Similarity is pg_trgm's `similarity()` of the two titles: on PostgreSQL the
database computes it (`TrigramSimilarity`, the `pg_trgm` extension from migration
0013); elsewhere (SQLite in development) the same measure is computed in Python,
as pg_trgm defines it: lower-case words of letters and digits, each padded with two
blanks in front and one behind, cut into trigrams; shared trigrams over all
trigrams. Only offers of the same provider are compared, so the Python path reads
a handful of titles, never the catalogue.

The submission form warns when a new offer looks like one of these (the provider
may confirm and submit anyway), and the moderation queue names them for the team.
"""

import re

from django.db import connection

from .catalogue.suggest import trigrams
from .models import Offer, OfferStatus

# A title this similar (0..1) to another of the same provider counts as a likely duplicate.
MIN_SIMILARITY = 0.5
# Withdrawn, archived or rejected offers are no duplicates to warn about.
CANDIDATE_STATUSES = (OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED)
MAX_SHOWN = 5
_WORD = re.compile(r"[^\W_]+")


def title_trigrams(title: str) -> set[str]:
    """pg_trgm's trigrams of a text of several words."""
    return set().union(*(trigrams(word) for word in _WORD.findall((title or "").lower())))


def title_similarity(first: str, second: str) -> float:
    """pg_trgm's `similarity(first, second)`."""
    a, b = title_trigrams(first), title_trigrams(second)
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0


def _candidates(provider_ids):
    return Offer.objects.filter(provider_id__in=provider_ids, status__in=CANDIDATE_STATUSES)


def likely_duplicates(title: str, provider, *, exclude_pk=None) -> list[Offer]:
    """Offers of `provider` whose title is at least MIN_SIMILARITY like `title`, most
    similar first (at most MAX_SHOWN), each with its `similarity`. No provider, no title:
    no duplicates."""
    if provider is None or provider.pk is None or not (title or "").strip():
        return []
    candidates = _candidates([provider.pk]).exclude(pk=exclude_pk).select_related("provider")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            candidates.annotate(similarity=TrigramSimilarity("title", title))
            .filter(similarity__gte=MIN_SIMILARITY)
            .order_by("-similarity", "pk")[:MAX_SHOWN]
        )
    found = []
    for offer in candidates:
        offer.similarity = title_similarity(title, offer.title)
        if offer.similarity >= MIN_SIMILARITY:
            found.append(offer)
    found.sort(key=lambda offer: (-offer.similarity, offer.pk))
    return found[:MAX_SHOWN]


def duplicates_of(offers) -> dict[int, list[Offer]]:
    """{offer id: its likely duplicates} for several offers at once (the moderation
    queue's page), in one query: the titles of the providers' offers are compared in
    Python with the same measure."""
    offers = list(offers)
    by_provider: dict[int, list[Offer]] = {}
    for candidate in _candidates({offer.provider_id for offer in offers}).only(
        "pk", "title", "provider_id", "status"
    ):
        by_provider.setdefault(candidate.provider_id, []).append(candidate)
    result = {}
    for offer in offers:
        scored = []
        for candidate in by_provider.get(offer.provider_id, []):
            if candidate.pk == offer.pk:
                continue
            similarity = title_similarity(offer.title, candidate.title)
            if similarity >= MIN_SIMILARITY:
                scored.append((similarity, candidate.pk, candidate))
        scored.sort(key=lambda row: (-row[0], row[1]))
        result[offer.pk] = [candidate for _s, _pk, candidate in scored[:MAX_SHOWN]]
    return result
