"""The full-text search vector of an offer, in a table of its own."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class OfferSearchEntry(models.Model):
    """An offer's weighted German tsvector (PostgreSQL; SQLite searches `Offer.search_text`).

    A narrow table on purpose: finding the matches of a common word visits
    every matching row, and here a row is a key and a pointer to the vector
    (TOASTed, about 60 bytes) where an offer row has about 360 bytes. At
    100,000 offers the search reads a sixth of the pages, and ranking reads
    the vectors from a TOAST table that holds nothing else (see `make bench`).
    Written by `offers.search.refresh_search_index`; GIN-indexed by migration.
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
