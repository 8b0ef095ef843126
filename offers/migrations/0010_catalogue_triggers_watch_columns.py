"""Formerly: installed the catalogue triggers again, from live code.

Migration 0013 replaced the triggers; a database migrated from scratch never
needs them, so this step does nothing now. It stays so that the migration
graph of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("offers", "0009_offer_search_entry")]

    operations = []
