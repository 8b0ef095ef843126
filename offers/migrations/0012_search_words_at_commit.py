"""The search's word index in chunks, written at commit (offers/search_words.py).

Bitmaps of 8,192 offers each, keyed by (word, chunk), instead of one bitmap
per word as long as the highest key; written by a deferred trigger at commit
instead of at once, so that writers cannot deadlock over shared words. The
catalogue token's commit trigger takes the same advisory lock first
(offers/catalogue_triggers.py). The word index is rebuilt from the vectors.
"""

from django.db import migrations, models

from offers import search_words
from offers.catalogue_triggers import install_triggers


def drop_old_triggers(apps, schema_editor):
    search_words.uninstall(schema_editor)


def install(apps, schema_editor):
    install_triggers(schema_editor)
    search_words.install(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        search_words.rebuild(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("offers", "0011_search_words")]

    operations = [
        migrations.RunPython(drop_old_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchWord"),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "word",
                        "chunk",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("word", models.TextField()),
                ("chunk", models.BigIntegerField()),
                ("offers", models.BinaryField()),
            ],
            options={"verbose_name": "Suchwort", "verbose_name_plural": "Suchwörter"},
        ),
        migrations.RunPython(install, drop_old_triggers),
    ]
