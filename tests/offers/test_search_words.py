"""The search's word index (offers/search_words.py): in step with the vectors, and equal to GIN.

PostgreSQL only: SQLite has no tsvector and searches `Offer.search_text`.
The catalogue's results against the FilterSet's SQL (which asks the GIN
index) on random catalogues are in test_facet_counts.py.
"""

import threading

import pytest
from django.db import connection, transaction
from taggit.models import Tag

from offers import search_words
from offers.bitsets import bitset, members
from offers.models import OfferSearchEntry
from offers.search import _matching_by_gin, matching, query_terms
from offers.services import merge_providers

from .factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the word index exists on PostgreSQL only"
)


def words_from_vectors():
    """{word: bitset} computed here from the vectors, independently of the trigger."""
    found = {}
    for offer_id, words in OfferSearchEntry.objects.values_list("offer_id", "vector"):
        for word in tsvector_words(words):
            found[word] = found.get(word, 0) | 1 << offer_id
    return found


def tsvector_words(vector):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(%s::tsvector)", [vector])
        return cursor.fetchone()[0]


def gin_matches(query):
    return _matching_by_gin(query_terms(query), query, None)[0]


@pytest.mark.django_db
def test_search_words_follow_every_kind_of_change():
    werkstatt = OfferFactory(title="Zukunftswerkstatt Verwaltung", summary="Planung im Team")
    netz = OfferFactory(title="Netzwerktreffen", description="Sozialraum und Beteiligung")
    assert search_words.stored_words() == words_from_vectors()

    werkstatt.title = "Ideenlabor Verwaltung"
    werkstatt.save()
    netz.tags.add("Kinderschutz")
    assert "ideenlabor" in search_words.stored_words()
    assert search_words.stored_words() == words_from_vectors()

    Tag.objects.filter(name="Kinderschutz").update(name="Jugendschutz")
    netz.tags.set(["Jugendschutz"])
    keep = ProviderFactory(name="Landesakademie Ost")
    merge_providers(keep, [netz.provider], by=None)
    assert search_words.stored_words() == words_from_vectors()

    netz.delete()
    werkstatt.delete()
    assert search_words.stored_words() == {}


@pytest.mark.django_db
def test_search_words_grow_for_a_high_key_and_shrink_again():
    low = OfferFactory(title="Moderation lernen")
    high = OfferFactory(pk=low.pk + 70_000, title="Moderation vertiefen")
    stored = search_words.stored_words()
    assert members(stored["moderation"]) == [low.pk, high.pk]
    assert stored == words_from_vectors()

    high.delete()
    assert members(search_words.stored_words()["moderation"]) == [low.pk]


def zero_words():
    """Words with a row but no offer any more."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM offers_searchword")
        return {word for (word,) in cursor.fetchall()} - set(search_words.stored_words())


@pytest.mark.django_db
def test_search_words_rebuild_equals_the_trigger_and_drops_unused_words():
    offer = OfferFactory(title="Kommunale Wärmeplanung")
    offer.title = "Kommunale Verkehrsplanung"
    offer.save()
    assert zero_words()  # "waermeplan…" is in no vector any more
    expected = search_words.stored_words()
    assert search_words.rebuild() == len(expected)
    assert search_words.stored_words() == expected == words_from_vectors()
    assert zero_words() == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Planung",
        "plan",  # a prefix of several words
        "Fuehrung",
        "Führung",
        "Führungskräfte stärken",
        "Planung Netzwerk",
        "und",  # only a stop word: nothing
        "und Planung",  # the stop word left out
        "Quantencomputer",
        "2030",
        "ab৴cd",  # one term, three lexemes: a phrase, for the GIN index
    ],
)
def test_search_words_match_what_the_gin_index_matches(query):
    OfferFactory(title="Führung auf Distanz", summary="Für Führungskräfte in der Planung")
    OfferFactory(title="Netzwerk Planung 2030", description="Stadtplanung und Beteiligung")
    OfferFactory(title="Sozialraum erkunden", summary="Netzwerkarbeit im Quartier")
    OfferFactory(title="Planspiel Haushalt", summary="ab৴cd")
    bits, _ranks = matching(query)
    assert bits == gin_matches(query)
    direct = search_words.matches(query_terms(query))
    assert direct is None if query == "ab৴cd" else direct == bits


@pytest.mark.django_db
@pytest.mark.parametrize("among_count, by_gin", [(2, False), (8, True)])
def test_search_words_rank_only_the_offers_among_and_as_the_gin_index_does(
    monkeypatch, among_count, by_gin
):
    """Few offers to rank: looked up by key. Most of the matches: one pass through GIN."""
    offers = [
        OfferFactory(title="Beteiligung gestalten", summary="Beteiligung und Beteiligung"),
        *(
            OfferFactory(title=f"Haushalt {n}", description="Beteiligung am Rande")
            for n in range(8)
        ),
        OfferFactory(title="Haushalt", summary="Ohne das Suchwort"),
    ]
    among = bitset(offer.pk for offer in offers[:among_count] + offers[-1:])
    gin_bits, gin_ranks = _matching_by_gin(["beteiligung"], "Beteiligung", among)
    calls = []
    monkeypatch.setattr(
        "offers.search._matching_by_gin",
        lambda *args, **kwargs: calls.append(args) or (0, gin_ranks),
    )
    bits, ranks = matching("Beteiligung", rank_among=among)
    assert bool(calls) is by_gin
    assert bits == gin_bits == bitset(offer.pk for offer in offers[:-1])
    assert ranks == pytest.approx(gin_ranks)
    assert set(ranks) == {offer.pk for offer in offers[:among_count]}
    assert ranks[offers[0].pk] > ranks[offers[1].pk]


@pytest.mark.django_db
def test_search_words_fall_back_to_gin_for_a_prefix_of_too_many_words(monkeypatch):
    OfferFactory(title="Planung Planspiel Plakat")
    monkeypatch.setattr(search_words, "MAX_WORDS_PER_TERM", 2)
    assert search_words.matches(["pla"]) is None
    assert search_words.matches(["plan"]) is not None
    assert matching("pla")[0] == gin_matches("pla") != 0


@pytest.mark.django_db
def test_search_words_roll_back_with_the_transaction():
    OfferFactory(title="Kommunale Planung")
    before = search_words.stored_words()
    with pytest.raises(RuntimeError), transaction.atomic():
        OfferFactory(title="Kommunale Wärmeplanung")
        assert search_words.stored_words() != before
        raise RuntimeError
    assert search_words.stored_words() == before


@pytest.mark.django_db(transaction=True)
def test_search_words_writers_hold_the_lock_until_commit(seeded):
    """Writers queue on one lock instead of deadlocking over the words they share."""
    offer = OfferFactory(title="Beteiligung im Sozialraum")
    held = []

    def try_lock():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT " + search_words.LOCK_CALL.replace("pg_", "pg_try_", 1))
                held.append(not cursor.fetchone()[0])
        finally:
            connection.close()

    def probe():
        thread = threading.Thread(target=try_lock)
        thread.start()
        thread.join(timeout=10)
        return held.pop()

    with transaction.atomic():
        assert probe() is False
        offer.title = "Beteiligung im Quartier"
        offer.save()
        assert probe() is True
    assert probe() is False
