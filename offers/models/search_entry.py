"""The full-text search vector of an offer, in a table of its own."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class OfferSearchEntry(models.Model):
    """An offer's weighted German tsvector (PostgreSQL; SQLite searches `Offer.search_text`).

    In a table of its own, a vector (about 1 kB at 100,000 synthetic offers)
    stays in its row: PostgreSQL moves values to TOAST only from rows of
    2 kB on, and an offer row with all its texts is longer. Ranking a result
    therefore reads one row, found by primary key. Written by
    `offers.search.refresh_search_index`; GIN-indexed by migration 0009; a
    trigger keeps the word index (`SearchWord`, offers/search_words.py) in
    step with the vectors.
    """

    offer = models.OneToOneField(
        "offers.Offer", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = "Suchindex-Eintrag"
        verbose_name_plural = "Suchindex-Einträge"

    def __str__(self):
        return f"Suchindex von Angebot {self.offer_id}"
