"""The search's word index (PostgreSQL): per lexeme, the offers containing it, as bitmaps.

The GIN index finds a word's matches at once, but handing them out means
visiting each match's row of the search table. A common word matches a third
of 100,000 offers, spread over nearly every page of that ~100 MB table, and
those visits were most of a catalogue search's time. The catalogue needs
only the set of matches (to combine with the facet index's bitsets) and the
ranks of the matches that pass the filters. So every lexeme of the offers'
search vectors has rows in `offers_searchword` holding bitmaps of the offers
whose vector contains it: a search reads the bitmaps of its words and ranks
only the filtered matches.

A word's offers are split into chunks of CHUNK_SIZE keys: row (word, chunk)
holds bit n for offer chunk × CHUNK_SIZE + n (bit n % 8 of byte n // 8, as
bitsets.py and PostgreSQL's get_bit count). A bitmap stays under 1 kB and in
its row, a write rewrites only that, and far-apart keys cost nothing in
between. Rows whose bitmap becomes empty are deleted.

Triggers on `offers_offersearchentry` keep the bitmaps in step with the
vectors, whoever writes (refresh_search_index, a fixture, SQL typed by hand):
- The bitmaps are written at commit, by a deferred constraint trigger. Common
  words are shared by most offers; written at once, a writer would hold their
  rows while it goes on to lock other rows, and two writers deadlock. At
  commit, a writer takes one advisory lock (`COMMIT_LOCK`, which the catalogue
  token's commit trigger takes too) and then only the word rows: committing
  writers queue, none can hold a lock another is waiting for.
- Until then a transaction's own changes are pending: a row trigger counts
  them in a transaction-local setting, the commit trigger counts them down,
  and `matches()` leaves a transaction with pending changes to the GIN index,
  which sees them.
- TRUNCATE empties the word index too.
Bulk loads (the benchmark's generator) switch the commit trigger off and call
`rebuild()`; anyone who restores data with triggers disabled runs
`manage.py rebuild_search_index`.

A search means what `offers.search` asks the GIN index: every term as the
prefix of a German lexeme (`term:*`), all terms required, stop words left
out. A term the German parser splits into several lexemes would need their
positions (a phrase), and a term that is the prefix of very many words would
read many bitmaps: for both, `matches()` returns None, and the caller asks
the GIN index.
"""

from functools import reduce
from operator import and_

from django.db import connection, connections, transaction

from .bitsets import bitset, from_bytes, to_bytes
from .catalogue_triggers import COMMIT_LOCK

TABLE = "offers_searchword"
ENTRIES = "offers_offersearchentry"
CHUNK_BITS = 13
CHUNK_SIZE = 1 << CHUNK_BITS  # offers per bitmap: 8,192, in at most 1 kB
# Bitmaps one search term may read (a prefix of many words, in many chunks) before the
# GIN index answers instead.
MAX_BITMAPS_PER_TERM = 2048
PENDING = "kommune360.search_words_pending"
PREFIX_INDEX = "offers_searchword_word_prefix"
SYNC, COUNT, TRUNCATE = (f"offers_search_words_{kind}" for kind in ("sync", "count", "truncate"))
EVENTS = "INSERT OR DELETE OR UPDATE OF vector, offer_id"
_PENDING_PLUS = (
    f"set_config('{PENDING}', "
    f"(coalesce(nullif(current_setting('{PENDING}', true), ''), '0')::integer %s 1)::text, true)"
)

_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION {SYNC}() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    gone text[] := '{{}}';
    added text[] := '{{}}';
    v_chunk bigint;
    v_bit integer;
BEGIN
    PERFORM {_PENDING_PLUS % "-"};
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
    PERFORM {COMMIT_LOCK};
    IF cardinality(gone) > 0 THEN
        v_chunk := OLD.offer_id >> {CHUNK_BITS};
        v_bit := (OLD.offer_id & {CHUNK_SIZE - 1})::integer;
        UPDATE {TABLE} SET offers = set_bit(offers, v_bit, 0)
         WHERE word = ANY(gone) AND chunk = v_chunk AND length(offers) > v_bit / 8;
        DELETE FROM {TABLE}
         WHERE word = ANY(gone) AND chunk = v_chunk
           AND offers = decode(repeat('00', length(offers)), 'hex');
    END IF;
    IF cardinality(added) > 0 THEN
        v_chunk := NEW.offer_id >> {CHUNK_BITS};
        v_bit := (NEW.offer_id & {CHUNK_SIZE - 1})::integer;
        INSERT INTO {TABLE} AS w (word, chunk, offers)
        SELECT word, v_chunk, set_bit(decode(repeat('00', v_bit / 8 + 1), 'hex'), v_bit, 1)
          FROM unnest(added) AS word
        ON CONFLICT (word, chunk) DO UPDATE SET offers = set_bit(
            CASE WHEN length(w.offers) > v_bit / 8 THEN w.offers
                 ELSE w.offers || decode(repeat('00', v_bit / 8 + 1 - length(w.offers)), 'hex')
            END,
            v_bit, 1);
    END IF;
    RETURN NULL;
END;
$$
""",  # noqa: S608 (constants only)
    f"""
CREATE OR REPLACE FUNCTION {COUNT}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {_PENDING_PLUS % "+"};
    RETURN NULL;
END;
$$
""",  # noqa: S608 (constants only)
    f"""
CREATE OR REPLACE FUNCTION {TRUNCATE}() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM {TABLE};
    RETURN NULL;
END;
$$
""",  # noqa: S608 (constants only)
]
_TRIGGERS = [
    f"CREATE CONSTRAINT TRIGGER {SYNC} AFTER {EVENTS} ON {ENTRIES} "
    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {SYNC}()",
    f"CREATE TRIGGER {COUNT} AFTER {EVENTS} ON {ENTRIES} FOR EACH ROW EXECUTE FUNCTION {COUNT}()",
    f"CREATE TRIGGER {TRUNCATE} AFTER TRUNCATE ON {ENTRIES} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRUNCATE}()",
]

# One row per term and bitmap: how many lexemes the term's query has, the chunk and its
# bitmap (none for a stop word or an unknown prefix), and whether changes are pending.
_MATCH_SQL = f"""
SELECT term.n, numnode(to_tsquery('german', term.text || ':*')), word.chunk, word.offers,
       coalesce(nullif(current_setting('{PENDING}', true), ''), '0') <> '0'
  FROM unnest(%s::text[]) WITH ORDINALITY AS term(text, n)
 CROSS JOIN LATERAL (
       SELECT (tsvector_to_array(to_tsvector('german', term.text)))[1] AS lexeme
       ) AS stem
  LEFT JOIN LATERAL (
       SELECT chunk, offers FROM {TABLE} WHERE word ^@ stem.lexeme
        LIMIT {MAX_BITMAPS_PER_TERM + 1}
       ) AS word ON true
"""  # noqa: S608 (constants only)


def install(schema_editor):
    """Create the prefix index, the functions and the triggers (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PREFIX_INDEX} ON {TABLE} USING spgist (word)"
    )
    uninstall(schema_editor, functions=False)
    for statement in [*_FUNCTIONS, *_TRIGGERS]:
        schema_editor.execute(statement)


def uninstall(schema_editor, *, functions=True):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (SYNC, COUNT, TRUNCATE):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {ENTRIES}")
        if functions:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def rebuild(using="default"):
    """Compute every bitmap afresh from the search vectors (PostgreSQL only); returns the words.

    For bulk loads with the commit trigger switched off. The trigger keeps
    the index exact otherwise.
    """
    db = connections[using]
    with transaction.atomic(using=using), db.cursor() as cursor:
        cursor.execute(f"SELECT {COMMIT_LOCK}")
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (a constant)
        cursor.execute(
            "SELECT word, array_agg(offer_id) "  # noqa: S608 (constants)
            f"FROM {ENTRIES}, unnest(tsvector_to_array(vector)) AS word GROUP BY word"
        )
        rows = cursor.fetchall()
        with cursor.copy(f"COPY {TABLE} (word, chunk, offers) FROM STDIN") as copy:
            for word, ids in rows:
                for chunk, bits in chunks(ids).items():
                    copy.write_row((word, chunk, to_bytes(bits)))
    return len(rows)


def chunks(ids) -> dict:
    """Offer keys as {chunk: bitset of their positions within the chunk}."""
    positions = {}
    for pk in ids:
        positions.setdefault(pk >> CHUNK_BITS, []).append(pk & (CHUNK_SIZE - 1))
    return {chunk: bitset(found) for chunk, found in positions.items()}


def stored_words():
    """{word: bitset} as the table holds it (for tests and checks)."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, chunk, offers FROM {TABLE}")  # noqa: S608 (a constant)
        for word, chunk, data in cursor.fetchall():
            found[word] = found.get(word, 0) | from_bytes(data) << (chunk << CHUNK_BITS)
    return found


def matches(terms):
    """The bitset of the offers (visible or not) matching every term; None for the GIN index.

    `terms` are the words of `offers.search.query_terms`. None when a term
    stands for several lexemes (a phrase) or for more than
    MAX_BITMAPS_PER_TERM bitmaps, and in a transaction whose own changes to
    the search vectors are not in the word index yet.
    """
    with connection.cursor() as cursor:
        cursor.execute(_MATCH_SQL, [list(terms)])
        rows = cursor.fetchall()
    found, read = {}, {}
    for n, nodes, chunk, offers, pending in rows:
        if pending or nodes > 1:
            return None
        if nodes == 1:  # a stop word has none and is left out, as to_tsquery leaves it out
            bits = from_bytes(offers) << (chunk << CHUNK_BITS) if offers is not None else 0
            found[n] = found.get(n, 0) | bits
            read[n] = read.get(n, 0) + (offers is not None)
    if any(count > MAX_BITMAPS_PER_TERM for count in read.values()):
        return None
    return reduce(and_, found.values()) if found else 0
