"""A token that changes whenever the data behind the public catalogue changes."""

from django.db import models


class CatalogueVersion(models.Model):
    """One row whose token the database replaces on every change to the catalogue's data.

    Triggers on offers, their audiences, topics and gaps, tag assignments and
    tags set a new random token (migration 0008), so no write can miss it: not
    a queryset `update()`, a bulk insert or SQL typed by hand. On PostgreSQL
    the token is set when the writing transaction commits, so readers never
    see a new token before the data it stands for. Each process keeps its facet
    index (offers/facet_index.py) for one token and rebuilds it when the token
    differs.
    """

    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = "Katalogstand"
        verbose_name_plural = "Katalogstände"

    def __str__(self):
        return self.token
