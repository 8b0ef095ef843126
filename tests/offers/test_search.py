"""The catalogue search, judged: what German queries must find and must not find.

Runs on SQLite (FTS5) and on PostgreSQL (tsvector), with the same judgements.
"""

import pytest
from django.http import QueryDict

from offers.catalogue import index
from offers.catalogue.query import Catalogue
from offers.models import Topic

from .factories import OfferFactory, ProviderFactory, search_ids

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def offer(title, **kwargs):
    # A neutral audience and field, so that vocabulary names match only where a test wants.
    kwargs.setdefault("audiences", ["fachkraefte"])
    kwargs.setdefault("topics", ["digitalisierung"])
    kwargs.setdefault("summary", "Ein Angebot für die Verwaltung.")
    kwargs.setdefault("description", "")
    return OfferFactory(title=title, **kwargs)


@pytest.fixture
def corpus():
    made = {
        "fuehrung": offer("Führung in der Kommune"),
        "vorfuehrung": offer("Werkzeuge im Test", description="Mit einer Vorführung am Ende."),
        "netzwerkarbeit": offer("Netzwerkarbeit im Sozialraum"),
        "netzwerke": offer("Kommunale Netzwerke knüpfen"),
        "beteiligung_feld": offer("Gut gefragt", topics=["beteiligung"]),
        "beteiligung_titel": offer("Beteiligung planen"),
        "beteiligung_summary": offer("Planungswerkstatt", summary="Beteiligung von Anfang an."),
        "beteiligung_text": offer("Werkstatt", description="Hier geht es auch um Beteiligung."),
        "wandel": offer("Wandel begleiten", topics=["veraenderungsmanagement"]),
        "praevention": offer("Prävention vor Ort"),
        "leitung": offer("Leiten lernen", audiences=["fuehrungskraefte"]),
        "scrum": offer("Sprints im Amt", tags=["Scrum"]),
        "forum": offer("Agile Runde", provider=ProviderFactory(name="Forum Agile Verwaltung")),
        "strasse": offer("Straßenraum gestalten"),
        "staedte": offer("Kleine Städte im Wandel"),
        "oresund": offer("Lernen vom Øresund"),
    }
    index.flush()
    return {name: item.pk for name, item in made.items()}


def names(corpus, ids):
    by_pk = {pk: name for name, pk in corpus.items()}
    return [by_pk[pk] for pk in ids]


JUDGEMENTS = [
    # (query, must find, must not find)
    ("Führung", {"fuehrung"}, {"vorfuehrung"}),
    ("rung", set(), {"fuehrung", "vorfuehrung"}),
    ("Netzwerk", {"netzwerkarbeit", "netzwerke"}, set()),
    ("Netzwerke", {"netzwerkarbeit", "netzwerke"}, set()),
    ("Beteiligung", {"beteiligung_feld", "beteiligung_titel", "beteiligung_text"}, set()),
    ("Veränderungsmanagement", {"wandel"}, set()),
    ("Veraenderungsmanagement", {"wandel"}, set()),
    ("Praevention", {"praevention"}, set()),
    ("Fuehrungskraefte", {"leitung"}, {"fuehrung"}),
    ("Scrum", {"scrum"}, set()),
    ("Forum Agile", {"forum"}, set()),
    ("Strasse", {"strasse"}, set()),
    ("Kommune Führung", {"fuehrung"}, {"netzwerke"}),
    # Singular and plural with a changed umlaut, the same on both databases.
    ("Führungskraft", {"leitung"}, {"fuehrung"}),
    ("Stadt", {"staedte"}, set()),
    ("Oresund", {"oresund"}, set()),
]


@pytest.mark.parametrize(("query", "must", "must_not"), JUDGEMENTS)
def test_search_judged_queries_find_what_they_must(corpus, query, must, must_not):
    found = set(names(corpus, search_ids(query)))
    assert must <= found, f"{query!r} missed {must - found}"
    assert not (must_not & found), f"{query!r} wrongly found {must_not & found}"


def test_search_umlaut_spellings_and_plurals_find_the_same_offers(corpus):
    assert set(search_ids("Prävention")) == set(search_ids("Praevention"))
    assert set(search_ids("Führungskräfte")) == set(search_ids("Fuehrungskraefte"))
    assert set(search_ids("Netzwerk")) == set(search_ids("Netzwerke"))
    assert set(search_ids("Straße")) == set(search_ids("Strasse"))


def test_search_ranks_title_before_vocabulary_before_summary_before_text(corpus):
    ranked = [
        name for name in names(corpus, search_ids("Beteiligung")) if name.startswith("beteiligung_")
    ]
    assert ranked == [
        "beteiligung_titel",
        "beteiligung_feld",
        "beteiligung_summary",
        "beteiligung_text",
    ]


def test_search_relevance_is_the_default_order_and_differs_from_newest(client, corpus):
    response = client.get(URL, {"q": "Beteiligung"})
    assert response.context["catalogue"].sort == "relevanz"
    relevance = [o.title for o in response.context["page"].object_list]
    newest = [
        o.title
        for o in client.get(URL, {"q": "Beteiligung", "sortierung": "neu"})
        .context["page"]
        .object_list
    ]
    assert relevance[0] == "Beteiligung planen"
    assert relevance != newest


def test_search_box_after_a_default_sort_keeps_relevance(client, corpus):
    # The sort menu's default option has the value "", so a new query sent with the
    # search box (the whole form) is ordered by relevance.
    response = client.get(URL)
    default = [value for value, _label, selected in response.context["sort_choices"] if selected]
    assert default == [""]
    response = client.get(URL, {"q": "Beteiligung", "sortierung": default[0]})
    assert response.context["catalogue"].sort == "relevanz"


def test_search_typo_offers_a_correction_that_finds_offers(client, corpus):
    response = client.get(URL, {"q": "Beteilgung"})
    assert response.context["page"].paginator.count == 0
    suggestion = response.context["suggestion"]
    assert suggestion["query"] == "Beteiligung"
    page = response.content.decode()
    assert "Meinten Sie" in page
    assert "Entfernen Sie einen Filter" not in page  # no filter is set
    corrected = client.get(URL + suggestion["url"])
    assert corrected.context["page"].paginator.count >= 3


def test_search_typo_correction_keeps_the_filters(client, corpus):
    response = client.get(URL, {"q": "Netzwrk", "zielgruppe": "fachkraefte"})
    suggestion = response.context["suggestion"]
    assert suggestion["query"].startswith("Netzwerk")
    assert "zielgruppe=fachkraefte" in suggestion["url"]


def test_search_without_a_useful_correction_suggests_nothing(client, corpus):
    response = client.get(URL, {"q": "Quantenchromodynamik"})
    assert response.context["suggestion"] is None
    assert "Versuchen Sie ein anderes" in response.content.decode()


def test_search_never_suggests_words_of_unpublished_offers(client, corpus):
    offer("Geheimprojekt Sonnenschein", status="entwurf")
    index.flush()
    response = client.get(URL, {"q": "Sonnenscheim"})
    assert response.context["suggestion"] is None


def test_search_control_characters_separate_words(corpus):
    assert search_ids("Netzwerkarbeit\tSozialraum") == [corpus["netzwerkarbeit"]]


@pytest.mark.parametrize("params", [{"tag": "\x00"}, {"tag": "a\x00b"}, {"q": "\x00Netz"}])
def test_search_nul_bytes_never_fail(client, corpus, params):
    assert client.get(URL, params).status_code == 200


def test_search_only_stop_words_lists_everything(client, corpus):
    response = client.get(URL, {"q": "und der die"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == len(corpus)


# Freshness: the index follows every change at commit ------------------------------------


def test_index_follows_a_tag_rename(corpus, django_capture_on_commit_callbacks):
    from taggit.models import Tag

    with django_capture_on_commit_callbacks(execute=True):
        tag = Tag.objects.get(name="Scrum")
        tag.name = "Kanban"
        tag.save()
    assert search_ids("Kanban") == [corpus["scrum"]]
    assert search_ids("Scrum") == []


def test_index_follows_a_tag_merge(corpus, django_capture_on_commit_callbacks):
    from taggit.models import Tag, TaggedItem

    with django_capture_on_commit_callbacks(execute=True):
        other = Tag.objects.create(name="Agile Methoden", slug="agile-methoden")
        item = TaggedItem.objects.get(tag__name="Scrum")
        item.tag = other  # as taggit's "merge tags" admin action does
        item.save()
    assert search_ids("Agile Methoden") == [corpus["scrum"]]
    assert search_ids("Scrum") == []


def test_index_follows_a_field_rename(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get(slug="veraenderungsmanagement")
        topic.name = "Transformationsbegleitung"
        topic.save()
    assert search_ids("Transformationsbegleitung") == [corpus["wandel"]]
    assert search_ids("Veränderungsmanagement") == []


def test_index_follows_a_provider_rename(corpus, django_capture_on_commit_callbacks):
    from offers.models import Provider

    with django_capture_on_commit_callbacks(execute=True):
        provider = Provider.objects.get(name="Forum Agile Verwaltung")
        provider.name = "Netzwerk Kluge Stadt"
        provider.save()
    assert search_ids("Kluge Stadt") == [corpus["forum"]]
    assert search_ids("Forum Agile") == []


def test_index_follows_links_set_from_the_vocabulary_side(
    corpus, django_capture_on_commit_callbacks
):
    from offers.models import Offer

    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get(slug="praevention")
        topic.offers.add(Offer.objects.get(pk=corpus["strasse"]))
    assert corpus["strasse"] in search_ids("Prävention")


def test_index_follows_an_edit_and_a_deletion(corpus, django_capture_on_commit_callbacks):
    from offers.models import Offer

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = Offer.objects.get(pk=corpus["strasse"])
        item.title = "Plätze beleben"
        item.save()
        Offer.objects.get(pk=corpus["praevention"]).delete()
    assert callbacks  # written at commit, not before
    assert search_ids("Plätze") == [corpus["strasse"]]
    assert search_ids("Straßenraum") == []
    assert search_ids("Prävention") == []


def test_index_is_written_at_commit_not_before(corpus, django_capture_on_commit_callbacks):
    from offers.models import SearchTerm

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer("Quartiersmanagement kompakt")
    assert not SearchTerm.objects.filter(word="quartiersmanagement").exists()
    for callback in callbacks:
        callback()
    assert SearchTerm.objects.filter(word="quartiersmanagement").exists()


def test_index_rebuild_restores_what_reached_the_database_around_it(corpus):
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from offers.models import SearchTerm

    with connection.cursor() as cursor:  # as after a restore without the index
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM offers_searchdocument")
        else:
            cursor.execute("DELETE FROM offers_search_fts")
    SearchTerm.objects.create(word="verwaist", spelling="verwaist")
    assert search_ids("Netzwerk") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert f"{len(corpus)} Angeboten" in out.getvalue()
    assert set(search_ids("Netzwerk")) == {corpus["netzwerkarbeit"], corpus["netzwerke"]}
    assert not SearchTerm.objects.filter(word="verwaist").exists()


def test_catalogue_reads_its_own_pending_changes(corpus):
    # Inside one transaction (as here): the catalogue flushes what is noted first.
    offer("Klimaanpassung im Quartier")
    querydict = QueryDict("q=Klimaanpassung")
    assert Catalogue(querydict).total == 1


def test_search_tiers_hold_against_many_mentions_lower_down():
    # One mention a tier higher outranks many mentions below it: a field's name over a
    # summary that repeats the word, a summary over a description that repeats it.
    # Different words beginning alike count once each on PostgreSQL.
    many = "Beteiligung, Beteiligungsprozesse, Beteiligungsformate, Beteiligungskultur. " * 3
    long_text = "Ein langer Text über Verwaltung und Planung im Alltag der Kommune. " * 5
    made = {
        "text_many": offer("Werkstatt A", description=many),
        "summary_once": offer("Werkstatt B", summary=f"{long_text} Beteiligung.", description=""),
        "summary_many": offer("Werkstatt C", summary=many),
        "field_once": offer("Werkstatt D", topics=["beteiligung"], summary=long_text),
        "title_once": offer("Beteiligung", summary=long_text, description=long_text),
    }
    index.flush()
    corpus = {name: item.pk for name, item in made.items()}
    ranked = names(corpus, search_ids("Beteiligung"))
    assert ranked[:2] == ["title_once", "field_once"]
    assert set(ranked[2:4]) == {"summary_once", "summary_many"}
    assert ranked[4] == "text_many"


def test_a_new_query_from_the_search_box_starts_in_the_default_order(client, corpus):
    # The sort menu is in the search box's form; "Suchen" carries the query the page showed.
    response = client.get(URL, {"q": "Beteiligung", "sortierung": "neu", "suche": "Netzwerk"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?q=Beteiligung#results-title"
    followed = client.get(response["Location"])
    assert followed.context["catalogue"].sort == "relevanz"


def test_the_search_box_with_the_same_query_keeps_the_chosen_order(client, corpus):
    # Enter in another field of the form presses "Suchen" too; the query is unchanged.
    response = client.get(
        URL,
        {
            "q": "Beteiligung",
            "zielgruppe": "fachkraefte",
            "sortierung": "titel",
            "suche": "Beteiligung",
        },
    )
    assert response.status_code == 302
    assert "sortierung=titel" in response["Location"]
    assert "zielgruppe=fachkraefte" in response["Location"]
    assert "suche" not in response["Location"]
    assert client.get(response["Location"]).context["catalogue"].sort == "titel"
