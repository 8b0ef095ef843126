"""The search's word index: per lexeme, a bitmap of the offers containing it.

PostgreSQL: the prefix index, the trigger that keeps the bitmaps in step with
the search vectors, and the bitmaps of the vectors already there
(offers/search_words.py). SQLite searches `Offer.search_text`; its table
stays empty.
"""

from django.db import migrations, models

from offers import search_words


def install(apps, schema_editor):
    search_words.install(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        search_words.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_words.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("offers", "0010_catalogue_triggers_watch_columns")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("offers", models.BinaryField()),
            ],
            options={"verbose_name": "Suchwort", "verbose_name_plural": "Suchwörter"},
        ),
        migrations.RunPython(install, uninstall),
    ]
