"""Recompute the search index from the offers: after a restore, an import with triggers off.

Saving an offer keeps its search text and vector current (offers/signals.py), and
database triggers keep the word index in step with the vectors
(offers/search_words.py). Data that reached the database around them, e.g.
`pg_restore --disable-triggers` or `session_replication_role = replica`, is not
in the index until this runs. Re-running it changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from offers import search_words
from offers.models import Offer
from offers.search import refresh_search_index, uses_postgres

BATCH = 500


class Command(BaseCommand):
    help = (
        "Berechnet Suchtext und Suchvektoren aller Angebote neu und baut auf PostgreSQL den "
        "Wortindex der Suche neu auf (z. B. nach einer Wiederherstellung mit abgeschalteten "
        "Triggern)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nur-wortindex",
            action="store_true",
            dest="words_only",
            help="Nur den Wortindex aus den vorhandenen Suchvektoren neu aufbauen (PostgreSQL).",
        )

    def handle(self, *args, words_only, **options):
        if not words_only:
            ids = list(Offer.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    refresh_search_index(ids[start : start + BATCH])
            self.stdout.write(f"Suchtext von {len(ids)} Angeboten neu berechnet.")
        if uses_postgres():
            words = search_words.rebuild()
            self.stdout.write(f"Wortindex mit {words} Wörtern neu aufgebaut.")
        elif words_only:
            self.stdout.write("Einen Wortindex gibt es nur auf PostgreSQL; nichts zu tun.")
