"""The search's word index (offers/search_words.py): in step with the vectors, and equal to GIN.

PostgreSQL only: SQLite has no tsvector and searches `Offer.search_text`.
Most tests fire the commit triggers at each statement's end
(`search_words_at_once`), since a test's transaction never commits; the
transactional tests at the end commit for real. The catalogue's results
against the FilterSet's SQL (which asks the GIN index) on random catalogues
are in test_facet_counts.py.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from taggit.models import Tag

from offers import search_words
from offers.bitsets import bitset, members
from offers.models import OfferSearchEntry
from offers.search import _matching_by_gin, matching, query_terms, refresh_search_index
from offers.services import merge_providers

from .factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the word index exists on PostgreSQL only"
)
at_once = pytest.mark.usefixtures("search_words_at_once")


def words_from_vectors():
    """{word: bitset} computed here from the vectors, independently of the triggers."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT offer_id, tsvector_to_array(vector) FROM offers_offersearchentry")
        for offer_id, words in cursor.fetchall():
            for word in words or []:
                found[word] = found.get(word, 0) | 1 << offer_id
    return found


def stored_rows(where="", params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, chunk, length(offers) FROM offers_searchword {where}", params)
        return cursor.fetchall()


def gin_matches(query):
    return _matching_by_gin(query_terms(query), query, None)[0]


@at_once
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

    with connection.cursor() as cursor:  # an entry moved to another offer, by hand
        other = OfferFactory(title="Ohne Eintrag")
        OfferSearchEntry.objects.filter(offer=other).delete()
        cursor.execute(
            "UPDATE offers_offersearchentry SET offer_id = %s WHERE offer_id = %s",
            [other.pk, netz.pk],
        )
    assert search_words.stored_words() == words_from_vectors()

    netz.delete()
    werkstatt.delete()
    other.delete()
    assert search_words.stored_words() == {}
    assert stored_rows() == []  # no empty bitmaps left behind


@at_once
@pytest.mark.django_db
def test_search_words_keep_far_apart_keys_in_small_chunks():
    low = OfferFactory(title="Moderation lernen")
    high = OfferFactory(pk=5_000_000_000, title="Moderation vertiefen")
    rows = stored_rows("WHERE word = %s ORDER BY chunk", ["moderation"])
    high_chunk, high_bit = divmod(high.pk, search_words.CHUNK_SIZE)
    assert rows == [
        ("moderation", low.pk >> search_words.CHUNK_BITS, (low.pk % 8192) // 8 + 1),
        ("moderation", high_chunk, high_bit // 8 + 1),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT get_bit(offers, %s) FROM offers_searchword WHERE word = %s AND chunk = %s",
            [high_bit, "moderation", high_chunk],
        )
        assert cursor.fetchone() == (1,)

    high.delete()
    assert stored_rows("WHERE chunk = %s", [high_chunk]) == []
    assert members(search_words.stored_words()["moderation"]) == [low.pk]


@at_once
@pytest.mark.django_db
def test_search_words_rebuild_equals_the_triggers():
    offers = [OfferFactory(title=f"Kommunale Wärmeplanung {n}") for n in range(3)]
    offers[0].title = "Kommunale Verkehrsplanung"
    offers[0].save()
    expected = search_words.stored_words()
    assert search_words.rebuild() == len(expected)
    assert search_words.stored_words() == expected == words_from_vectors()


@at_once
@pytest.mark.django_db
def test_search_words_truncate_empties_them():
    OfferFactory(title="Kommunale Wärmeplanung")
    assert search_words.stored_words()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE offers_offersearchentry")
    assert search_words.stored_words() == {} == words_from_vectors()


@at_once
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
        "Planung Planung",
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


@at_once
@pytest.mark.django_db
@pytest.mark.parametrize("among_count, by_gin", [(1, False), (8, True)])
def test_search_words_rank_only_the_offers_among_and_as_the_gin_index_does(
    monkeypatch, among_count, by_gin
):
    """Few offers to rank: looked up by key. Many of the matches: one pass through GIN."""
    offers = [
        OfferFactory(title="Beteiligung gestalten", summary="Beteiligung und Beteiligung"),
        *(
            OfferFactory(title=f"Haushalt {n}", description="Beteiligung am Rande")
            for n in range(8)
        ),
        OfferFactory(title="Haushalt", summary="Ohne das Suchwort"),
    ]
    among = bitset(offer.pk for offer in [*offers[:among_count], offers[-1]])
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
    if among_count > 1:
        assert ranks[offers[0].pk] > ranks[offers[1].pk]


@at_once
@pytest.mark.django_db
def test_search_words_fall_back_to_gin_for_a_prefix_of_too_many_words(monkeypatch):
    OfferFactory(title="Planung Planspiel Plakat")
    monkeypatch.setattr(search_words, "MAX_BITMAPS_PER_TERM", 2)
    assert search_words.matches(["pla"]) is None
    assert search_words.matches(["plan"]) is not None
    assert matching("pla")[0] == gin_matches("pla") != 0


# Committed for real -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_search_words_are_written_at_commit_and_pending_changes_go_to_gin(seeded):
    with transaction.atomic():
        offer = OfferFactory(title="Kommunale Wärmeplanung")
        assert search_words.stored_words() == {}  # written at commit
        assert search_words.matches(["waermeplanung"]) is None  # so GIN answers
        assert matching("Wärmeplanung")[0] == bitset([offer.pk])
    assert search_words.matches(["waermeplanung"]) == bitset([offer.pk])
    assert search_words.stored_words() == words_from_vectors()


@pytest.mark.django_db(transaction=True)
def test_search_words_let_a_long_writer_and_a_single_save_both_commit(seeded):
    """No deadlock: A re-indexes two offers, B saves the second one in between.

    Were the bitmaps written at once, A would hold the shared words' rows
    (or a lock guarding them) while waiting for B's row, and B would wait for
    those words while holding its row.
    """
    first, second = (
        OfferFactory(title=f"Beteiligung im Sozialraum {n}", summary="Planung und Netzwerk")
        for n in range(2)
    )
    first_done, errors = threading.Event(), []

    def writer_a():
        with transaction.atomic():
            first.title = "Beteiligung im Quartier"
            first.save()
            first_done.set()
            time.sleep(0.5)  # B saves the second offer now
            second.summary = "Planung, Netzwerk und Verwaltung"
            second.save()

    def writer_b():
        first_done.wait(timeout=10)
        second.title = "Beteiligung im Stadtteil"
        second.save()

    def collecting(name, writer):
        def run():
            try:
                writer()
            except Exception as error:  # noqa: BLE001 (collected for the assertion)
                errors.append((name, error))
            finally:
                connection.close()

        return threading.Thread(target=run)

    threads = [collecting("A", writer_a), collecting("B", writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert search_words.stored_words() == words_from_vectors()
    refresh_search_index([first.pk, second.pk])
    assert search_words.stored_words() == words_from_vectors()
