"""Storage for a fast catalogue on large data (measured with `make bench`).

- PostgreSQL: `toast_tuple_target = 128` on offers. An offer row carries its
  texts twice (the fields and `search_text`) plus the compressed search
  vector, about 2.7 kB. With this setting those long values of rows above
  PostgreSQL's 2 kB threshold go to the TOAST table, and the main table keeps
  only the short columns the facet counts read: a tenth of the size, so it
  stays in shared buffers and looking up the offers the GIN index finds costs
  little. The setting applies to rows written from now on; existing rows
  follow on their next update (or at once with VACUUM FULL).
- Both databases: (vocabulary, offer) indexes on the m2m tables, so the
  facet filters read the offers of a Zielgruppe, Themenfeld or Leerstelle
  from the index alone.
"""

from django.db import migrations

INDEXES = [
    ("offers_offer_audiences", "audience_id", "offer_audience_offer_idx"),
    ("offers_offer_topics", "topic_id", "offer_topic_offer_idx"),
    ("offers_offer_gaps", "gap_id", "offer_gap_offer_idx"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE offers_offer SET (toast_tuple_target = 128)")
    for table, column, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, offer_id)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE offers_offer RESET (toast_tuple_target)")
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("offers", "0006_initiativteam_moderation_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
