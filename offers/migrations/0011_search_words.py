"""The table of the search's word index, in its first shape (one bitmap per word).

Its triggers and its first filling lived here at first; migration 0012
replaced the table and its triggers (offers/search_words.py), and a database
migrated from scratch gets them from 0012 only, so this migration just
creates the table.
"""

from django.db import migrations, models


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
    ]
