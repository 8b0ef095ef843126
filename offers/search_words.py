"""The search's word index (PostgreSQL): per lexeme, the offers containing it, as a bitmap.

The GIN index finds a word's matches at once, but handing them out means
visiting each match's row of the search table. A common word matches a third
of 100,000 offers, spread over nearly every page of that ~100 MB table, and
those visits were most of a catalogue search's time. The catalogue needs
only the set of matches (to combine with the facet index's bitsets) and the
ranks of the few matches that pass the filters. So every lexeme of the
offers' search vectors has a row in `offers_searchword` holding a bitmap of
the offers whose vector contains it (bit n = offer n, see bitsets.py): a
search reads the bitmaps of its words, a few kilobytes each, and ranks only
the filtered matches, by primary key.

A row trigger on `offers_offersearchentry` keeps the bitmaps in step with the
vectors, in the writing transaction, whoever writes (refresh_search_index, a
fixture, SQL typed by hand). Writers first take a transaction-level advisory
lock: common words are shared by most offers, and two transactions setting
bits in the same rows in different orders would otherwise deadlock. Bulk
loads (the benchmark's generator) switch the trigger off and call
`rebuild()`. Bitmaps of words no offer uses any more stay, all zeros, until
the next `rebuild()`.

A search means what `offers.search` asks the GIN index: every term as the
prefix of a German lexeme (`term:*`), all terms required, stop words left
out. A term the German parser splits into several lexemes would need their
positions (a phrase); `matches()` returns None for such queries, and the
caller asks the GIN index.
"""

from functools import reduce
from operator import and_

from django.db import connection, transaction

from .bitsets import bitset, from_bytes, to_bytes

TABLE = "offers_searchword"
ENTRIES = "offers_offersearchentry"
FUNCTION = "offers_search_words_sync"
TRIGGER = "offers_search_words_sync"
PREFIX_INDEX = "offers_searchword_word_c"
# All writers of the word index queue on this lock until they commit.
LOCK_CALL = f"pg_advisory_xact_lock('{TABLE}'::regclass::oid::bigint)"
# Words one search term may stand for (as a prefix) before the GIN index answers instead.
MAX_WORDS_PER_TERM = 256

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone text[] := '{{}}';
    added text[] := '{{}}';
    size integer;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.vector IS NOT NULL THEN
        gone := tsvector_to_array(OLD.vector);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.vector IS NOT NULL THEN
        added := tsvector_to_array(NEW.vector);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.offer_id = NEW.offer_id THEN
        SELECT ARRAY(SELECT unnest(gone) EXCEPT SELECT unnest(added)),
               ARRAY(SELECT unnest(added) EXCEPT SELECT unnest(gone))
          INTO gone, added;
    END IF;
    IF cardinality(gone) + cardinality(added) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM {LOCK_CALL};
    IF cardinality(gone) > 0 THEN
        UPDATE {TABLE} SET offers = set_bit(offers, OLD.offer_id, 0)
         WHERE word = ANY(gone) AND length(offers) > OLD.offer_id / 8;
    END IF;
    IF cardinality(added) > 0 THEN
        size := (NEW.offer_id / 8 + 1)::integer;  -- bytes a bitmap with this offer needs
        INSERT INTO {TABLE} AS w (word, offers)
        SELECT word, set_bit(decode(repeat('00', size), 'hex'), NEW.offer_id, 1)
          FROM unnest(added) AS word
        ON CONFLICT (word) DO UPDATE SET offers = set_bit(
            CASE WHEN length(w.offers) >= size THEN w.offers
                 ELSE w.offers || decode(repeat('00', size - length(w.offers)), 'hex')
            END,
            NEW.offer_id, 1);
    END IF;
    RETURN NULL;
END;
$$
"""  # noqa: S608 (constants only)

# One row per term (in order): how many lexemes its query has, and the bitmaps of the
# words it is a prefix of. "C" comparisons, so that the range holds exactly the words
# starting with the lexeme whatever the database's collation; the index below serves it.
_MATCH_SQL = f"""
SELECT term.n, numnode(to_tsquery('german', term.text || ':*')), word.offers
  FROM unnest(%s::text[]) WITH ORDINALITY AS term(text, n)
 CROSS JOIN LATERAL (
       SELECT (tsvector_to_array(to_tsvector('german', term.text)))[1] AS lexeme
       ) AS stem
  LEFT JOIN LATERAL (
       SELECT offers FROM {TABLE}
        WHERE word COLLATE "C" >= stem.lexeme
          AND word COLLATE "C" < stem.lexeme || chr(1114111)
          AND starts_with(word, stem.lexeme)
        LIMIT {MAX_WORDS_PER_TERM + 1}
       ) AS word ON true
"""  # noqa: S608 (constants only)


def install(schema_editor):
    """Create the prefix index, the trigger function and the trigger (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {PREFIX_INDEX} ON {TABLE} (word COLLATE "C")'
    )
    schema_editor.execute(_FUNCTION_SQL)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {ENTRIES}")
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF vector, offer_id "
        f"ON {ENTRIES} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )


def uninstall(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {ENTRIES}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def rebuild(using=None):
    """Compute every word's bitmap afresh from the search vectors (PostgreSQL only).

    For bulk loads with the trigger switched off, and to drop the words no
    offer uses any more. Returns the number of words.
    """
    db = using or connection
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        cursor.execute(f"SELECT {LOCK_CALL}")
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (a constant)
        cursor.execute(
            "SELECT word, array_agg(offer_id) "  # noqa: S608 (constants)
            f"FROM {ENTRIES}, unnest(tsvector_to_array(vector)) AS word GROUP BY word"
        )
        rows = cursor.fetchall()
        with cursor.copy(f"COPY {TABLE} (word, offers) FROM STDIN") as copy:
            for word, ids in rows:
                copy.write_row((word, to_bytes(bitset(ids))))
    return len(rows)


def stored_words():
    """{word: bitset} as the table holds it, without all-zero bitmaps (for tests and checks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, offers FROM {TABLE}")  # noqa: S608 (a constant)
        return {word: bits for word, data in cursor.fetchall() if (bits := from_bytes(data))}


def matches(terms):
    """The bitset of the offers (visible or not) matching every term; None for the GIN index.

    `terms` are the words of `offers.search.query_terms`. None when a term
    stands for several lexemes (a phrase) or for more than MAX_WORDS_PER_TERM
    words.
    """
    with connection.cursor() as cursor:
        cursor.execute(_MATCH_SQL, [list(terms)])
        rows = cursor.fetchall()
    found, words = {}, {}
    for n, nodes, offers in rows:
        if nodes > 1:
            return None
        if nodes == 1:  # a stop word has none and is left out, as to_tsquery leaves it out
            found[n] = found.get(n, 0) | (from_bytes(offers) if offers is not None else 0)
            words[n] = words.get(n, 0) + (offers is not None)
    if any(count > MAX_WORDS_PER_TERM for count in words.values()):
        return None
    return reduce(and_, found.values()) if found else 0
