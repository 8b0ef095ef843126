"""A word of the search index and the offers containing it (PostgreSQL)."""

from django.db import models


class SearchWord(models.Model):
    """A German lexeme of the offers' search vectors, with the offers containing it.

    `offers` is a bitmap (bit n = offer n, see offers/bitsets.py) of the offers,
    visible or not, whose `OfferSearchEntry.vector` holds the lexeme. A database
    trigger keeps it in step with the vectors; offers/search_words.py explains why
    the search reads it instead of visiting every match through the GIN index.
    SQLite has no tsvector: its table stays empty.
    """

    word = models.TextField(primary_key=True)
    offers = models.BinaryField()

    class Meta:
        verbose_name = "Suchwort"
        verbose_name_plural = "Suchwörter"

    def __str__(self):
        return self.word
