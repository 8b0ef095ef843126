import datetime

import pytest
from django.utils import timezone

from offers.models import OfferStatus, Topic
from offers.selectors import related_offers

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_related_offers_most_overlap_first_then_newest():
    offer = OfferFactory(gaps=["kommunalpolitik"], topics=["beteiligung", "praevention"])
    OfferFactory(title="Eins alt", gaps=["kommunalpolitik"], topics=["digitalisierung"])
    OfferFactory(
        title="Drei",
        gaps=["kommunalpolitik"],
        topics=["beteiligung", "praevention"],
        published_at=days_ago(30),
    )
    OfferFactory(
        title="Zwei neu", gaps=["kommunalpolitik"], topics=["beteiligung"], published_at=days_ago(1)
    )
    OfferFactory(title="Zwei alt", topics=["beteiligung", "praevention"], published_at=days_ago(10))
    OfferFactory(title="Nichts gemeinsam", topics=["digitalisierung"])
    titles = [o.title for o in related_offers(offer)]
    assert titles == ["Drei", "Zwei neu", "Zwei alt", "Eins alt"]


def test_related_offers_only_visible_never_itself_and_limited():
    offer = OfferFactory(gaps=["kommunalpolitik"])
    OfferFactory(
        title="Entwurf",
        gaps=["kommunalpolitik"],
        topics=["digitalisierung"],
        status=OfferStatus.DRAFT,
    )
    OfferFactory(
        title="Abgelaufen",
        gaps=["kommunalpolitik"],
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    for index in range(6):
        OfferFactory(title=f"Sichtbar {index}", gaps=["kommunalpolitik"])
    related = related_offers(offer, limit=4)
    assert len(related) == 4
    assert all(o.title.startswith("Sichtbar") for o in related)
    assert offer not in related


def test_related_offers_without_gaps_and_topics_is_empty():
    offer = OfferFactory()
    offer.topics.clear()
    OfferFactory(topics=[Topic.objects.first().slug])
    assert related_offers(offer) == []


def test_related_offers_query_count_is_constant(django_assert_max_num_queries):
    offer = OfferFactory(gaps=["kommunalpolitik"], topics=["beteiligung"])
    for _ in range(8):
        OfferFactory(gaps=["kommunalpolitik"], topics=["beteiligung"])
    # gap ids, topic ids, the ranking, the cards and their two prefetches
    with django_assert_max_num_queries(6):
        assert len(related_offers(offer)) == 4


def test_related_offers_consider_only_the_most_recent_pool(monkeypatch):
    monkeypatch.setattr("offers.selectors.RELATED_POOL", 2)
    offer = OfferFactory(gaps=["kommunalpolitik"], topics=["beteiligung"])
    # Older offers sharing both values fall out of the pool of the two newest per value.
    OfferFactory(title="Alt", gaps=["kommunalpolitik"], topics=["beteiligung"])
    OfferFactory(title="Eins", gaps=["kommunalpolitik"], topics=["digitalisierung"])
    OfferFactory(title="Zwei", topics=["beteiligung"], published_at=days_ago(3))
    OfferFactory(
        title="Entwurf",
        gaps=["kommunalpolitik"],
        topics=["digitalisierung"],
        status=OfferStatus.DRAFT,
    )
    OfferFactory(title="Drei", topics=["beteiligung"], published_at=days_ago(5))
    assert [o.title for o in related_offers(offer)] == ["Eins", "Zwei", "Drei"]
