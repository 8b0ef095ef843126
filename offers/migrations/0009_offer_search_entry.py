"""Move the search vector out of the offers table into `offers_offersearchentry`.

There the vectors stay in their rows (see the model's docstring), so ranking
reads them without a TOAST lookup. PostgreSQL only moves data: the vectors are
copied, the GIN index is built on the new table, and the old index and column
go. (Copied vectors keep their TOAST pointers until they are next written;
`toast_tuple_target` makes PostgreSQL move values out of rows from 128 bytes
on, but only in rows longer than 2 kB, so new vectors stay inline.) SQLite has
no tsvector and searches `Offer.search_text`; its entry table stays empty.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

NEW_INDEX = "offer_search_entry_vector_gin"
OLD_INDEX = "offer_search_vector_gin"


def move_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE offers_offersearchentry SET (toast_tuple_target = 128)")
    schema_editor.execute(
        "INSERT INTO offers_offersearchentry (offer_id, vector) "
        "SELECT id, search_vector FROM offers_offer WHERE search_vector IS NOT NULL"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} ON offers_offersearchentry USING gin (vector)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def move_vectors_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The index first: after the UPDATE, the table has pending (deferred) trigger events
    # of migration 0008, and PostgreSQL refuses to index it in the same transaction.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON offers_offer USING gin (search_vector)"
    )
    schema_editor.execute(
        "UPDATE offers_offer SET search_vector = entry.vector "
        "FROM offers_offersearchentry entry WHERE entry.offer_id = offers_offer.id"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {NEW_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("offers", "0008_catalogue_version")]

    operations = [
        migrations.CreateModel(
            name="OfferSearchEntry",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="offers.offer",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "Suchindex-Eintrag",
                "verbose_name_plural": "Suchindex-Einträge",
            },
        ),
        migrations.RunPython(move_vectors, move_vectors_back),
        migrations.RemoveField(model_name="offer", name="search_vector"),
    ]
