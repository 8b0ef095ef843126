"""Full-text search over offers, on each database's own engine.

What is searched, with what weight (documents built by `document()`):
title (A), the names of the offer's fields, audiences, gaps, competences and
type and its tags (B), summary (C), description and provider (D). Every query word must
match the beginning of a word in the offer, after both went through
offers/catalogue/text.py: "Netzwerk" finds "Netzwerkarbeit", "rung" does
not find "Führung".

Both databases get the same words, stemmed in Python by the Snowball German
stemmer (text.py), and prefix queries of the same stems:

- PostgreSQL: `SearchDocument.vector`, a weighted tsvector over `unaccent()`,
  GIN-indexed; `stem:*` queries, ranked with `ts_rank`. The text search
  configuration is `simple`, not `german`: PostgreSQL 15's German stemmer
  predates Snowball's umlaut handling, so it kept "Führungskraft" and
  "Führungskräfte" (or "Stadt" and "Städte") apart where SQLite joined them,
  and stemming the stems again over-stemmed 44 of 1,668 words of the demo
  and benchmark texts (e.g. "getestet" found everything beginning "get").
- SQLite: the FTS5 table `SearchFts`; `"stem"*` queries, ranked first by the
  highest column with a query word (title, vocabulary and tags, summary) and
  then with bm25. FTS5's column weights multiply the term frequency before
  bm25 saturates it, so weights alone cannot keep the tiers apart: a summary
  that repeats the word would outrank a field's name.

On PostgreSQL the `ts_rank` weights are ten times apart, which keeps the same
tiers for one-word queries: one match a tier higher outranks whatever the
tiers below add up to, as long as few different words of the offer begin
like the query word.

`filter_and_rank()` gives any offer queryset the search's filter and a
`search_rank` annotation (higher is better) on both.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Value, When

from . import text
from .text import query_terms  # noqa: F401 (part of this module's interface)

WEIGHTS = ("A", "B", "C", "D")
RANK_WEIGHTS = [0.001, 0.01, 0.1, 1.0]  # ts_rank's weights for D, C, B, A (see above)
CONFIG = "simple"  # the words arrive stemmed (see above)
SQLITE_COLUMNS = ("title", "vocabulary", "summary", "body")
SQLITE_TIER_STEP = 1_000_000.0  # far above any bm25 score: the tier decides first


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def document(offer) -> dict[str, str]:
    """The raw texts of an offer per weight. `offer` has its relations prefetched."""
    vocabulary = [
        *(entry.name for entry in offer.topics.all()),
        *(entry.name for entry in offer.audiences.all()),
        *(entry.name for entry in offer.gaps.all()),
        *(entry.name for entry in offer.competences.all()),
        offer.offer_type.name if offer.offer_type_id else "",
        *(tag.name for tag in offer.tags.all()),
    ]
    return {
        "A": offer.title,
        "B": " ".join(vocabulary),
        "C": offer.summary,
        "D": f"{offer.description} {offer.provider.name if offer.provider_id else ''}",
    }


# Writing the index ----------------------------------------------------------------------


def index_offers(offer_ids) -> None:
    """Write the index entries of these offers as they are now; drop those of deleted ones."""
    from offers.models import Offer, OfferStatus, SearchTerm

    ids = sorted(offer_ids)
    offers = (
        Offer.objects.filter(pk__in=ids)
        .select_related("provider", "offer_type")
        .prefetch_related("topics", "audiences", "gaps", "competences", "tags")
    )
    documents, terms = {}, {}
    for offer in offers.order_by("pk"):
        raw = document(offer)
        documents[offer.pk] = {
            weight: [text.stem(word) for word in text.words(value)] for weight, value in raw.items()
        }
        if offer.status != OfferStatus.PUBLISHED:
            continue  # suggestions come from published texts only
        for value in raw.values():
            for word, spelling in text.spelled_words(value).items():
                terms.setdefault(word, spelling)
    if uses_postgres():
        _store_postgres(ids, documents)
    else:
        _store_sqlite(ids, documents)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word, spelling=spelling) for word, spelling in sorted(terms.items())],
        ignore_conflicts=True,
        batch_size=500,
    )


def _store_postgres(ids, documents):
    from offers.models import SearchDocument

    SearchDocument.objects.filter(offer_id__in=set(ids) - set(documents)).delete()
    # One INSERT … ON CONFLICT DO UPDATE per batch, the vectors computed by the server.
    SearchDocument.objects.bulk_create(
        [SearchDocument(offer_id=pk, vector=_vector(parts)) for pk, parts in documents.items()],
        update_conflicts=True,
        unique_fields=["offer"],
        update_fields=["vector"],
        batch_size=500,
    )


def _vector(parts):
    vector = None
    for weight in WEIGHTS:
        plain = Func(Value(" ".join(parts[weight])), function="unaccent")
        part = SearchVector(plain, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def _store_sqlite(ids, documents):
    from offers.models.search_index import FTS_TABLE

    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", list(chunk))  # noqa: S608
        rows = [
            (offer_id, *(" ".join(parts[w]) for w in WEIGHTS))
            for offer_id, parts in documents.items()
        ]
        columns = ", ".join(SQLITE_COLUMNS)
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            rows,
        )


def drop_orphans() -> None:
    """Remove index entries of offers that are gone, and words no published offer contains."""
    from offers.models import Offer, OfferStatus, SearchTerm
    from offers.models.search_index import FTS_TABLE

    if uses_postgres():
        from offers.models import SearchDocument

        SearchDocument.objects.exclude(offer_id__in=Offer.objects.values("pk")).delete()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM offers_offer)"  # noqa: S608
            )
    used = {}
    for offer in (
        Offer.objects.filter(status=OfferStatus.PUBLISHED)
        .select_related("provider", "offer_type")
        .prefetch_related("topics", "audiences", "gaps", "competences", "tags")
        .iterator(chunk_size=500)
    ):
        for value in document(offer).values():
            used.update(text.spelled_words(value))
    stale = set(SearchTerm.objects.values_list("word", flat=True)) - set(used)
    for chunk in _chunks(sorted(stale)):
        SearchTerm.objects.filter(word__in=chunk).delete()


def _chunks(items, size=500):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


# Reading ---------------------------------------------------------------------------------


def filter_and_rank(queryset, terms):
    """Offers of `queryset` matching every term, annotated with `search_rank` (higher first)."""
    if not terms:
        return queryset
    if uses_postgres():
        query = SearchQuery(
            " & ".join(f"{text.stem(term)}:*" for term in terms), search_type="raw", config=CONFIG
        )
        return queryset.filter(search_document__vector=query).annotate(
            search_rank=SearchRank(F("search_document__vector"), query, weights=RANK_WEIGHTS)
        )
    words = [f'"{text.stem(term)}"*' for term in terms]
    return queryset.filter(search_fts__document__match=" AND ".join(words)).annotate(
        search_rank=_sqlite_tier(words) * Value(SQLITE_TIER_STEP) - F("search_fts__rank")
    )


def _sqlite_tier(words):
    """3 if a query word is in the title, 2 in the vocabulary and tags, 1 in the summary, else 0.

    Each tier is one FTS5 query restricted to a column, run once per search.
    """
    from offers.models import SearchFts

    any_word = " OR ".join(words)
    tiers = SQLITE_COLUMNS[:-1]
    return Case(
        *(
            When(
                pk__in=SearchFts.objects.filter(document__match=f"{column} : ({any_word})").values(
                    "offer"
                ),
                then=Value(float(len(tiers) - position)),
            )
            for position, column in enumerate(tiers)
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
