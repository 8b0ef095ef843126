"""manage.py rebuild_search_index: the search finds again what reached the database around it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from offers import search_words
from offers.models import Offer, OfferSearchEntry
from offers.search import search

from .factories import OfferFactory
from .test_search_words import words_from_vectors

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the word index exists on PostgreSQL only"
)


def rebuild(*args):
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


def found(query):
    return set(search(Offer.objects.all(), query).values_list("pk", flat=True))


@pytest.mark.usefixtures("search_words_at_once")
@pytest.mark.django_db
def test_rebuild_search_index_restores_text_vectors_and_words():
    werkstatt = OfferFactory(title="Zukunftswerkstatt Verwaltung", summary="Planung im Team")
    netz = OfferFactory(title="Netzwerktreffen", description="Sozialraum und Beteiligung")
    # As after a restore with triggers and signals off: nothing of the search index left.
    Offer.objects.update(search_text="")
    OfferSearchEntry.objects.all().delete()
    assert found("Zukunftswerkstatt") == found("Sozialraum") == set()

    output = rebuild()

    assert "Suchtext von 2 Angeboten neu berechnet." in output
    assert found("Zukunftswerkstatt") == {werkstatt.pk}
    assert found("Sozialraum") == {netz.pk}
    if connection.vendor == "postgresql":
        assert OfferSearchEntry.objects.count() == 2
        assert search_words.stored_words() == words_from_vectors()
        assert "Wortindex mit" in output
    assert rebuild() == output  # re-running changes nothing


@postgres_only
@pytest.mark.usefixtures("search_words_at_once")
@pytest.mark.django_db
def test_rebuild_search_index_words_only_rebuilds_the_word_index_from_the_vectors():
    werkstatt = OfferFactory(title="Zukunftswerkstatt Verwaltung")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM offers_searchword")
    assert search_words.matches(["zukunftswerkstatt"]) == 0

    output = rebuild("--nur-wortindex")

    assert "Suchtext" not in output
    assert f"Wortindex mit {len(words_from_vectors())} Wörtern neu aufgebaut." in output
    assert search_words.stored_words() == words_from_vectors()
    assert found("Zukunftswerkstatt") == {werkstatt.pk}


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no word index")
@pytest.mark.django_db
def test_rebuild_search_index_words_only_on_sqlite_says_there_is_nothing_to_do():
    assert "nur auf PostgreSQL" in rebuild("--nur-wortindex")


@postgres_only
@pytest.mark.django_db
def test_refresh_search_index_updates_an_entry_another_save_inserted_first(monkeypatch):
    from django.db.models import QuerySet

    from offers.search import refresh_search_index

    offer = OfferFactory(title="Zukunftswerkstatt Verwaltung")
    Offer.objects.filter(pk=offer.pk).update(title="Sozialraumkonferenz")
    # The first UPDATE finds no entry, as if a concurrent save inserted it just after:
    # the INSERT then collides, and the entry must still get this save's vector.
    real_update = QuerySet.update
    calls = []

    def update(queryset, **kwargs):
        if queryset.model is OfferSearchEntry and not calls:
            calls.append(kwargs)
            return 0
        return real_update(queryset, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    refresh_search_index([offer.pk])

    assert calls, "the entry's UPDATE was not reached"
    assert OfferSearchEntry.objects.filter(offer=offer).count() == 1
    assert found("Sozialraumkonferenz") == {offer.pk}
    assert found("Zukunftswerkstatt") == set()
