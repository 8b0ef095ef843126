"""The search's word index in chunks (its model state only, since migration 0013).

Its triggers and functions were installed here from live code; migration 0013
removed the word index, so a database migrated from scratch no longer gets
them, and 0013 drops them from databases that have them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("offers", "0011_search_words")]

    operations = [
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
    ]
