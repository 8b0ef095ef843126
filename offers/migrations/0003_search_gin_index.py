"""GIN index on the search vector, on PostgreSQL only (SQLite has no tsvector)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS offer_search_vector_gin ON offers_offer USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS offer_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("offers", "0002_seed_vocabularies")]

    operations = [migrations.RunPython(create_index, drop_index)]
