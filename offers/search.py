"""Full-text search over offers.

PostgreSQL: a weighted tsvector (title A, summary B, description C, provider
and tags D) with the German configuration, GIN-indexed, queried with prefix
terms so that "Netzwerk" finds "Netzwerkkoordination", ranked with ts_rank.
The catalogue takes its matches from the word index (search_words.py), which
answers the same question without visiting every match. SQLite: every term
must occur in a normalised copy of the same text.

Both sides are normalised the same way first: umlauts and ß are written out
(ä → ae, ß → ss), so "Fuehrung" and "Führung" meet in the middle.
"""

import re
import unicodedata

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import BinaryField, BooleanField, Case, F, Func, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact

from .bitsets import bitset, members, to_bytes

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Lower-case text with umlauts and ß written out and other accents removed."""
    text = unicodedata.normalize("NFC", text or "").translate(TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def clean_query(raw: str) -> str:
    """The query as shown back to the person: control characters removed, length capped."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_terms(raw: str) -> list[str]:
    """Normalised search words, without punctuation or operators, at most MAX_TERMS."""
    words = _WORD.findall(normalize(clean_query(raw)).replace("_", " "))
    return [word for word in words if word][:MAX_TERMS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def document_parts(title, summary, description, provider_name, tag_names) -> dict[str, str]:
    """The normalised text of each weight: title A, summary B, description C, provider and tags D."""
    texts = {
        "A": title,
        "B": summary,
        "C": description,
        "D": f"{provider_name} {' '.join(tag_names)}",
    }
    return {weight: normalize(text) for weight, text in texts.items()}


def search_text(parts: dict[str, str]) -> str:
    """`Offer.search_text`, the SQLite fallback's text, from the parts."""
    return " ".join(parts.values())


def search_vector(parts: dict[str, str]):
    """The weighted German tsvector of the parts, as an expression (for updates and inserts)."""
    vector = None
    for weight, text in parts.items():
        part = SearchVector(Value(text), weight=weight, config="german")
        vector = part if vector is None else vector + part
    return vector


def refresh_search_index(offer_ids) -> None:
    """Recompute the stored search text (and on PostgreSQL the tsvector) of these offers."""
    from .models import Offer, OfferSearchEntry

    offers = Offer.objects.filter(pk__in=list(offer_ids)).select_related("provider")
    for offer in offers.prefetch_related("tags"):
        parts = document_parts(
            offer.title,
            offer.summary,
            offer.description,
            offer.provider.name if offer.provider_id else "",
            [tag.name for tag in offer.tags.all()],
        )
        Offer.objects.filter(pk=offer.pk).update(search_text=search_text(parts))
        if uses_postgres():
            _store_vector(OfferSearchEntry, offer.pk, search_vector(parts))


def _store_vector(entry_model, offer_id, vector) -> None:
    """UPDATE the offer's entry; INSERT only where there is none yet.

    update_or_create would add a savepoint and a locking read to every save; here
    only the first save of an offer pays for the savepoint, which catches a
    concurrent save that inserted the same entry first.
    """
    entries = entry_model.objects.filter(offer_id=offer_id)
    if entries.update(vector=vector):
        return
    try:
        with transaction.atomic():
            entry_model.objects.create(offer_id=offer_id, vector=vector)
    except IntegrityError:
        entries.update(vector=vector)


def _search_query(terms):
    # Terms are plain \w+ words, so the raw tsquery cannot be malformed.
    tsquery = " & ".join(f"{term}:*" for term in terms)
    return SearchQuery(tsquery, search_type="raw", config="german")


def search_rank(raw_query: str, vector="search_entry__vector"):
    """The relevance of an offer for the query, as an expression (PostgreSQL only), else None."""
    terms = query_terms(raw_query)
    if not terms or not uses_postgres():
        return None
    return SearchRank(F(vector), _search_query(terms))


def _matching(queryset, terms):
    if uses_postgres():
        return queryset.filter(search_entry__vector=_search_query(terms))
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def search(queryset, raw_query: str):
    """Filter `queryset` to offers matching every term; annotate `rank` on PostgreSQL."""
    terms = query_terms(raw_query)
    if not terms:
        return queryset
    found = _matching(queryset, terms)
    return found.annotate(rank=search_rank(raw_query)) if uses_postgres() else found


class GetBit(Func):
    """Bit n of a bytea, bits counted from the least significant bit of the first byte."""

    function = "get_bit"
    output_field = IntegerField()


def matching(raw_query: str, *, rank_among: int | None = None):
    """All offers, visible or not, that match every term: (bitset, {id: rank}); None without terms.

    On PostgreSQL the word index (search_words.py) gives the matches, and only
    those among `rank_among` (a bitset of offer keys, see bitsets.py) are
    ranked. Without a word index answer (a phrase, a prefix of very many
    words, this transaction's own pending changes) the GIN index gives both.
    SQLite has no ranks.
    """
    from . import search_words
    from .models import Offer, OfferSearchEntry

    terms = query_terms(raw_query)
    if not terms:
        return None
    if not uses_postgres():
        found = _matching(Offer.objects.order_by(), terms).values_list("pk", flat=True)
        return bitset(found), {}
    bits = search_words.matches(terms)
    if bits is None:
        return _matching_by_gin(terms, raw_query, rank_among)
    ranked = bits & rank_among if rank_among is not None else 0
    if not ranked:
        return bits, {}
    if ranked.bit_count() * 6 > bits.bit_count():
        # Many of the matches need a rank (a search without filters): one pass over them
        # through the GIN index costs less than looking up as many rows by key.
        return bits, _matching_by_gin(terms, raw_query, rank_among, ids=False)[1]
    among = RawSQL("offer_id = ANY(%s)", (members(ranked),), output_field=BooleanField())
    rows = OfferSearchEntry.objects.filter(among).values_list(
        "offer_id", search_rank(raw_query, vector="vector")
    )
    return bits, dict(rows)


def _matching_by_gin(terms, raw_query, rank_among, *, ids=True):
    """`matching()` through the GIN index: one pass over the matches, ranking those among.

    With `ids=False` only the ranks: the bitset comes back empty.
    """
    from .models import OfferSearchEntry

    # Arrays, one row: a common word finds a third of the offers, and the driver reads
    # arrays much faster than as many rows. The rank is computed only inside its filter.
    aggregates = {"ids": ArrayAgg("offer_id")} if ids else {}
    if rank_among is not None:
        among = to_bytes(rank_among)
        is_among = Case(
            # CASE, not AND: get_bit fails past the end, and AND has no fixed order.
            When(
                offer_id__lt=len(among) * 8,
                then=Exact(GetBit(Value(among, BinaryField()), F("offer_id")), 1),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
        aggregates["ranked"] = ArrayAgg("offer_id", filter=is_among)
        aggregates["ranks"] = ArrayAgg(search_rank(raw_query, vector="vector"), filter=is_among)
    found = OfferSearchEntry.objects.filter(vector=_search_query(terms))
    # The planner prices a sequential scan with `vector @@ query` by the table's pages,
    # but each row then has its vector unpacked: for a common word that is ten times
    # slower than the GIN index, which answers these queries exactly (no recheck). So a
    # search never scans the table, for this query only: inside an outer transaction
    # the setting is put back, as a savepoint's end would not.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        result = found.aggregate(**aggregates)
        if nested:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
    ranked, ranks = result.get("ranked") or [], result.get("ranks") or []
    return bitset(result.get("ids") or []), dict(zip(ranked, ranks, strict=True))
