"""The catalogue's search index: what `offers.catalogue.index` writes and the search reads.

Each database gets its own standard part, fed the same normalised, stemmed
words (offers/catalogue/text.py):

- PostgreSQL: `SearchDocument`, a weighted tsvector per offer with a GIN
  index, over `unaccent` and words stemmed in Python (the `simple`
  configuration; why not `german`: offers/catalogue/search.py).
- SQLite: `SearchFts`, an FTS5 table (built into Python's sqlite3) ranked
  with bm25. Django cannot create virtual tables, so migration 0013 does.

`SearchTerm` holds the words that occur in the index, as the person wrote
them, for "Meinten Sie …?" suggestions on both databases.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup

FTS_TABLE = "offers_search_fts"


class SearchDocument(models.Model):
    """An offer's weighted tsvector of stemmed German words (PostgreSQL only).

    No foreign key constraint and no cascade: Django's deletion collector
    would look for this table on SQLite too. offers/catalogue/index.py
    removes the document of a deleted offer at commit.
    """

    offer = models.OneToOneField(
        "offers.Offer",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="search_document",
        db_constraint=False,
    )
    vector = SearchVectorField()

    class Meta:
        verbose_name = "Suchdokument"
        verbose_name_plural = "Suchdokumente"
        required_db_vendor = "postgresql"
        indexes = [GinIndex(fields=["vector"], name="offer_search_document_gin")]

    def __str__(self):
        return f"Suchdokument von Angebot {self.offer_id}"


class FtsMatchField(models.TextField):
    """FTS5's hidden column named like its table: `table MATCH 'query'` filters by it."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchFts(models.Model):
    """An offer's words in SQLite's FTS5 table, one column per weight (SQLite only).

    `rank` is FTS5's hidden rank column: bm25 with the column weights that
    migration 0013 configures (title 10, vocabulary and tags 4, summary 2, the
    rest 1). Lower is better. The search ranks by the highest column holding a
    query word first (offers/catalogue/search.py), as the weights alone cannot.
    """

    offer = models.OneToOneField(
        "offers.Offer",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="search_fts",
        db_constraint=False,
    )
    title = models.TextField()
    vocabulary = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    document = FtsMatchField(db_column=FTS_TABLE)
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = FTS_TABLE
        required_db_vendor = "sqlite"

    def __str__(self):
        return f"Volltext von Angebot {self.offer_id}"


class SearchTerm(models.Model):
    """A word that occurs in the search index, for spelling suggestions.

    `word` is normalised as the search sees it (lower case, ä as ae);
    `spelling` is how a text wrote it. Words only ever get added when offers
    are indexed; `rebuild_search_index` drops those no offer uses any more.
    A suggestion is only shown once the corrected search finds offers, so a
    stale or unpublished word is never offered.
    """

    word = models.CharField(max_length=60, primary_key=True)
    spelling = models.CharField(max_length=60)

    class Meta:
        verbose_name = "Suchwort"
        verbose_name_plural = "Suchwörter"

    def __str__(self):
        return self.spelling
