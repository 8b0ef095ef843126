"""A word of the search index and the offers containing it (PostgreSQL)."""

from django.db import models


class SearchWord(models.Model):
    """A German lexeme of the offers' search vectors, with the offers of one chunk containing it.

    `offers` is a bitmap of the offers, visible or not, whose
    `OfferSearchEntry.vector` holds the lexeme, for the keys chunk × 8,192 to
    chunk × 8,192 + 8,191 (bit n = offer chunk × 8,192 + n, see
    offers/search_words.py, which also explains why the search reads it).
    Database triggers keep it in step with the vectors. SQLite has no
    tsvector: its table stays empty.
    """

    pk = models.CompositePrimaryKey("word", "chunk")
    word = models.TextField()
    chunk = models.BigIntegerField()
    offers = models.BinaryField()

    class Meta:
        verbose_name = "Suchwort"
        verbose_name_plural = "Suchwörter"

    def __str__(self):
        return f"{self.word} ({self.chunk})"
