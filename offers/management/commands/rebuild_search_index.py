"""Index every offer again: after a restore or a bulk import that sent no signals.

Saving through the ORM keeps the search index current (offers/catalogue/index.py);
data that reached the database around it, e.g. `pg_restore` or SQL typed by
hand, is not in the index until this runs. Re-running it changes nothing.
"""

from django.core.management.base import BaseCommand

from offers.catalogue import index


class Command(BaseCommand):
    help = (
        "Berechnet den Suchindex aller Angebote neu (z. B. nach einer Wiederherstellung "
        "oder einem Import ohne Django) und erneuert den Katalogstand."
    )

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"Suchindex von {count} Angeboten neu berechnet.")
