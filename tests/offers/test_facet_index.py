"""The facet index (offers/facet_index.py): bitsets, result pages and freshness.

Facet counts against counting by hand, and the index against the FilterSet's
SQL on random filter combinations, are in test_facet_counts.py.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from offers import facet_index, search_words
from offers.bitsets import bitset, members
from offers.catalogue_triggers import ensure_triggers, missing_triggers, trigger_names
from offers.facet_index import FacetIndex, catalogue_version, current_index
from offers.models import Audience, Offer, OfferStatus
from offers.search import matching, refresh_search_index

from .factories import OfferFactory

URL = "/angebote/"


def shown_titles(response):
    return [offer.title for offer in response.context["page"].object_list]


# Bitsets -----------------------------------------------------------------------


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_facet_index_bitset_members_round_trip(ids):
    bits = bitset(ids)
    assert members(bits) == sorted(ids)
    assert bits.bit_count() == len(ids)


@settings(max_examples=200)
@given(
    visible=st.lists(
        st.integers(min_value=1, max_value=400), min_size=1, max_size=120, unique=True
    ),
    data=st.data(),
)
def test_facet_index_page_ids_equal_slicing_the_order(visible, data):
    """Both ways of picking a page (walking the order, sorting the members) agree with slicing."""
    index = FacetIndex(None, None)
    index._set_order("neu", visible)
    index.visible = bitset(visible)
    index.size = (index.visible.bit_length() + 7) >> 3
    results = data.draw(st.lists(st.sampled_from(visible), unique=True))
    start = data.draw(st.integers(min_value=0, max_value=len(visible)))
    stop = data.draw(st.integers(min_value=start, max_value=len(visible) + 5))
    expected = [pk for pk in visible if pk in set(results)][start:stop]
    assert index.page_ids(bitset(results), len(results), "neu", start, stop) == expected


# Sorting -----------------------------------------------------------------------


@pytest.mark.django_db
def test_facet_index_title_sort_follows_german_dictionary_order(client):
    for title in ["Zukunftswerkstatt", "Übergänge gestalten", "apfelbaum-Methode", "Ärger lösen"]:
        OfferFactory(title=title)
    response = client.get(URL, {"sortierung": "titel"})
    assert shown_titles(response) == [
        "Ärger lösen",
        "apfelbaum-Methode",
        "Übergänge gestalten",
        "Zukunftswerkstatt",
    ]


@pytest.mark.django_db
def test_facet_index_duration_sort_puts_unknown_durations_last(client):
    OfferFactory(title="Ohne Angabe", time_commitment_hours=None)
    OfferFactory(title="Lang", time_commitment_hours=40)
    OfferFactory(title="Kurz", time_commitment_hours=2)
    response = client.get(URL, {"sortierung": "dauer"})
    assert shown_titles(response) == ["Kurz", "Lang", "Ohne Angabe"]


@pytest.mark.django_db
def test_facet_index_deep_pages_of_a_sparse_result_are_complete(client, settings):
    """Few results far apart in the order: the page is sorted from the members."""
    settings.CATALOGUE_PAGE_SIZE = 2
    for index in range(12):
        OfferFactory(
            title=f"Angebot {index:02d}",
            gaps=["kommunalpolitik"] if index % 4 == 0 else [],
            published_at=timezone.now() - datetime.timedelta(days=index),
        )
    pages = [
        shown_titles(client.get(URL, {"leerstelle": "kommunalpolitik", "seite": n})) for n in (1, 2)
    ]
    assert pages == [["Angebot 00", "Angebot 04"], ["Angebot 08"]]


# Freshness ---------------------------------------------------------------------


@pytest.mark.django_db
def test_facet_index_is_reused_while_the_catalogue_is_unchanged():
    OfferFactory()
    facet_index._cached = None
    if connection.vendor == "postgresql":
        # The test runs inside one transaction that has written offers: its own
        # reads must not be served from a shared index.
        assert catalogue_version()[1] is True
        assert current_index() is not current_index()
    else:
        assert current_index() is current_index()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "change",
    [
        "save",
        "queryset_update",
        "raw_sql",
        "add_audience",
        "remove_gap",
        "add_tag",
        "rename_tag",
        "delete_audience",
    ],
)
def test_facet_index_sees_every_kind_of_change(client, change):
    """Each committed change renews the token (the triggers), and the next page shows it."""
    offer = OfferFactory(title="Werkstatt", gaps=["kommunalpolitik"], tags=["Scrum"])
    client.get(URL)  # builds and caches the index
    token = catalogue_version()[0]
    if change == "save":
        offer.status = OfferStatus.ARCHIVED
        offer.save()
    elif change == "queryset_update":
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.ARCHIVED)
    elif change == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE offers_offer SET status = %s WHERE id = %s",
                [OfferStatus.ARCHIVED.value, offer.pk],
            )
    elif change == "add_audience":
        offer.audiences.add(Audience.objects.get(slug="fachkraefte"))
    elif change == "remove_gap":
        offer.gaps.clear()
    elif change == "add_tag":
        offer.tags.add("Kanban")
    elif change == "rename_tag":
        Tag.objects.filter(slug="scrum").update(name="Scrum (agil)", slug="scrum-agil")
    elif change == "delete_audience":
        Audience.objects.get(slug="fuehrungskraefte").delete()
    assert catalogue_version() == (catalogue_version()[0], False)
    assert catalogue_version()[0] != token
    response = client.get(URL)
    counts = response.context["catalogue"].counts()
    if change in {"save", "queryset_update", "raw_sql"}:
        assert counts.total == 0
    elif change == "add_audience":
        audience = Audience.objects.get(slug="fachkraefte")
        assert counts.values["zielgruppe"].get(audience.pk) == 1
    elif change == "remove_gap":
        assert counts.values["leerstelle"] == {}
    elif change == "add_tag":
        assert {slug for slug, _name, _n in counts.tags} == {"scrum", "kanban"}
    elif change == "rename_tag":
        assert counts.tags == [("scrum-agil", "Scrum (agil)", 1)]
    elif change == "delete_audience":
        assert counts.values["zielgruppe"] == {}


@pytest.mark.django_db
def test_facet_index_drops_offers_past_their_valid_until_date_the_next_day(client, monkeypatch):
    today = timezone.localdate()
    OfferFactory(title="Läuft heute aus", valid_until=today)
    assert shown_titles(client.get(URL)) == ["Läuft heute aus"]
    monkeypatch.setattr(
        facet_index.timezone, "localdate", lambda: today + datetime.timedelta(days=1)
    )
    assert shown_titles(client.get(URL)) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_facet_index_token_stays_when_a_change_is_rolled_back():
    offer = OfferFactory()
    token = catalogue_version()[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        offer.gaps.clear()
        Offer.objects.filter(pk=offer.pk).update(title="Geändert")
        raise RuntimeError("roll back")
    assert catalogue_version() == (token, False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_facet_index_follows_committed_changes_of_other_transactions(client):
    """The token moves on commit (on PostgreSQL at commit time), and the next request rebuilds."""
    draft = OfferFactory(title="Noch im Entwurf", status=OfferStatus.DRAFT)
    before = catalogue_version()
    assert before == (catalogue_version()[0], False)
    assert client.get(URL).context["page"].paginator.count == 0
    cached = current_index()
    assert current_index() is cached
    Offer.objects.filter(pk=draft.pk).update(status=OfferStatus.PUBLISHED)
    assert catalogue_version()[0] != before[0]
    assert shown_titles(client.get(URL)) == ["Noch im Entwurf"]
    assert current_index() is not cached


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_facet_index_search_text_refresh_keeps_the_token():
    """Re-indexing search text (e.g. after a provider is renamed) needs no index rebuild."""
    offer = OfferFactory()
    token = catalogue_version()[0]
    refresh_search_index([offer.pk])
    assert catalogue_version() == (token, False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_facet_index_sort_orders_read_later_leave_out_newer_offers():
    """Title and duration orders are read on first use; offers published since stay out."""
    OfferFactory(title="Bekannt")
    index = FacetIndex.build(catalogue_version()[0])
    newer = OfferFactory(title="Aaa neu")
    assert newer.pk not in index.order("titel")
    results = index.visible
    assert index.page_ids(results, results.bit_count(), "titel", 0, 5) == members(results)


@pytest.mark.django_db
def test_facet_index_triggers_are_all_installed():
    assert missing_triggers(connection) == set()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_facet_index_lost_triggers_come_back_after_migrate():
    """SQLite drops a table's triggers when Django rebuilds it; post_migrate puts them back."""
    token = catalogue_version()[0]
    name = sorted(trigger_names(connection.vendor))[0]
    table = name.split("_catalogue_")[0]
    on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{on_table}")
    assert missing_triggers(connection) == {name}
    ensure_triggers(using="default")
    assert missing_triggers(connection) == set()
    assert catalogue_version()[0] != token


@pytest.mark.django_db
def test_facet_index_search_leaves_the_outer_transaction_settings_alone(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the planner setting exists on PostgreSQL only")
    OfferFactory(title="Werkstatt")
    # The GIN index's path, the one that changes the planner setting.
    monkeypatch.setattr(search_words, "matches", lambda terms: None)
    assert matching("Werkstatt")[0]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
