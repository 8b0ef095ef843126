"""The catalogue search on standard parts; the home-made engine's objects go.

- PostgreSQL: `SearchDocument`, a tsvector per offer with a GIN index that
  the model declares; the `unaccent` and `pg_trgm` extensions.
- SQLite: an FTS5 table (`SearchFts` describes it to the ORM) whose rank is
  bm25 with weights per column: title 10, vocabulary and tags 4, summary 2,
  the rest 1.
- Both: `SearchTerm` for spelling suggestions.
- Dropped: the word index (table, triggers, functions), the catalogue
  version triggers (the version is now renewed at commit by
  offers/catalogue/index.py), the old search entry table and
  `Offer.search_text`.

The new index starts empty: run `manage.py rebuild_search_index` once after
migrating (README, "Suche und Katalog"); `make run` does. Everything is
spelled out here, without importing live code, so that this migration means
the same whatever the code becomes. Going back is possible for the schema
only: the old engine's triggers, word index and search text are not
restored (the old code's `rebuild_search_index` would refill them).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models


# The catalogue version triggers of migrations 0008/0010.
WATCHED_TABLES = [
    "offers_offer",
    "offers_offer_audiences",
    "offers_offer_topics",
    "offers_offer_gaps",
    "taggit_taggeditem",
    "taggit_tag",
]
WORD_TRIGGERS = ["offers_search_words_sync", "offers_search_words_count"]
WORD_TRUNCATE = "offers_search_words_truncate"

FTS_TABLE = "offers_search_fts"
FTS_COLUMNS = "title, vocabulary, summary, body"
FTS_WEIGHTS = "bm25(10.0, 4.0, 2.0, 1.0)"


def drop_old_engine(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    execute = schema_editor.execute
    if vendor == "postgresql":
        execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger events before DDL
        for table in WATCHED_TABLES:
            for kind in ("renew", "written"):
                execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_{kind} ON {table}")
        execute("DROP FUNCTION IF EXISTS offers_catalogue_changed()")
        for name in [*WORD_TRIGGERS, WORD_TRUNCATE]:
            execute(f"DROP TRIGGER IF EXISTS {name} ON offers_offersearchentry")
            execute(f"DROP FUNCTION IF EXISTS {name}()")
        execute("DROP INDEX IF EXISTS offers_searchword_word_prefix")
    elif vendor == "sqlite":
        for table in WATCHED_TABLES:
            for kind in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_{kind}")


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
        f"USING fts5({FTS_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', '{FTS_WEIGHTS}')"  # noqa: S608 (constants only)
    )


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("offers", "0012_search_words_at_commit")]

    operations = [
        migrations.RunPython(drop_old_engine, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchWord"),
        migrations.DeleteModel(name="OfferSearchEntry"),
        migrations.RemoveField(model_name="offer", name="search_text"),
        UnaccentExtension(),
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="offers.offer",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name": "Suchdokument",
                "verbose_name_plural": "Suchdokumente",
                "required_db_vendor": "postgresql",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="offer_search_document_gin"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("word", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("spelling", models.CharField(max_length=60)),
            ],
            options={"verbose_name": "Suchwort", "verbose_name_plural": "Suchwörter"},
        ),
        migrations.CreateModel(
            name="SearchFts",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_fts",
                        serialize=False,
                        to="offers.offer",
                    ),
                ),
                ("title", models.TextField()),
                ("vocabulary", models.TextField()),
                ("summary", models.TextField()),
                ("body", models.TextField()),
                # FtsMatchField in the model; the field type of an unmanaged model is not migrated.
                ("document", models.TextField(db_column="offers_search_fts")),
                ("rank", models.FloatField()),
            ],
            options={
                "db_table": "offers_search_fts",
                "managed": False,
                "required_db_vendor": "sqlite",
            },
        ),
        migrations.RunPython(create_fts, drop_fts),
    ]
