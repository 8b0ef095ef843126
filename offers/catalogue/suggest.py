"""'Meinten Sie …?': a corrected query built from words that are in the index.

Each query word that begins no indexed word is replaced by the most similar
indexed word (`SearchTerm`): by pg_trgm's similarity on PostgreSQL, and by
the same trigram measure computed in Python on SQLite, over the words of
about the same length. A correction is offered only if it finds more offers
than the original query with the same filters, so a word of an unpublished
or since changed offer is never suggested.
"""

from django.db.models import Q
from django.db.models.functions import Length

from .text import normalize, query_terms

MIN_SIMILARITY = 0.35
CANDIDATES = 3


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two blanks in front and one behind."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity()`: shared trigrams over all trigrams of both words."""
    first, second = trigrams(a), trigrams(b)
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared) if shared else 0.0


def similar_words(term: str) -> list[tuple[str, str]]:
    """Up to CANDIDATES indexed (word, spelling) pairs most similar to `term`, best first."""
    from django.db import connection

    from offers.models import SearchTerm

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (
            SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", term))
            .filter(similarity__gte=MIN_SIMILARITY)
            .order_by("-similarity", "word")
            .values_list("word", "spelling")[:CANDIDATES]
        )
        return list(rows)
    rows = (
        SearchTerm.objects.annotate(length=Length("word"))
        .filter(length__gte=len(term) - 3, length__lte=len(term) + 3)
        .values_list("word", "spelling")
    )
    scored = [(similarity(term, word), word, spelling) for word, spelling in rows]
    scored = [row for row in scored if row[0] >= MIN_SIMILARITY]
    scored.sort(key=lambda row: (-row[0], row[1]))
    return [(word, spelling) for _score, word, spelling in scored[:CANDIDATES]]


def unknown_terms(raw_query: str) -> list[str]:
    """The query's words that begin no indexed word (one query)."""
    from offers.models import SearchTerm

    terms = query_terms(raw_query)
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition |= Q(word__startswith=term)
    words = SearchTerm.objects.filter(condition).values_list("word", flat=True)[:500]
    known = {term for term in terms for word in words if word.startswith(term)}
    return [term for term in terms if term not in known]


def suggestion(raw_query: str, unknown, count, found: int) -> str | None:
    """A corrected query that finds more than `found` offers, or None.

    `unknown` are the query's words that begin no indexed word;
    `count(query)` counts the offers the catalogue would show for `query`
    with its current filters.
    """
    terms = query_terms(raw_query)
    options = {term: similar_words(term) for term in unknown}
    if not all(options.values()):
        return None
    written = {normalize(word): word for word in raw_query.split()}
    for choice in range(CANDIDATES):
        replaced = []
        for term in terms:
            if term not in options:
                replaced.append(written.get(term, term))
                continue
            _word, spelling = options[term][min(choice, len(options[term]) - 1)]
            if (written.get(term) or " ")[0].isupper():
                spelling = spelling[:1].upper() + spelling[1:]
            replaced.append(spelling)
        corrected = " ".join(replaced)
        if corrected.lower() != raw_query.lower() and count(corrected) > found:
            return corrected
    return None
