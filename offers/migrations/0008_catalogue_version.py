"""The catalogue version token and the triggers that renew it.

Every change to the rows the public catalogue is built from gives
`offers_catalogueversion` a new random token; the facet index of each process
(offers/facet_index.py) is rebuilt when the token differs from the one it was
built for. Random tokens, not a counter: a rolled-back transaction can reset a
counter to a value an index was already built for, never a token.

- PostgreSQL: the token is written when the writing transaction commits, by a
  deferred constraint trigger, once per transaction (a transaction-local
  setting remembers it). Writers therefore hold the token's row lock only
  while committing instead of queueing behind each other, and readers never
  see a new token before the data. Until then a statement trigger marks the
  writing transaction itself (`kommune360.catalogue_written`), so that its own
  reads do not use an index built before its changes. TRUNCATE, which row
  triggers do not see, renews the token at once.
  A later migration that writes one of these tables and then alters it in
  the same transaction must run `SET CONSTRAINTS ALL IMMEDIATE` in between
  (or alter first): PostgreSQL refuses to alter a table with pending trigger
  events.
- SQLite: row triggers renew the token at once; SQLite has one writer at a
  time anyway, and a rollback restores the old token together with the data.
"""

from django.db import migrations, models

WATCHED_TABLES = [
    "offers_offer",
    "offers_offer_audiences",
    "offers_offer_topics",
    "offers_offer_gaps",
    "taggit_taggeditem",
    "taggit_tag",
]
FUNCTION = "offers_catalogue_changed"
RANDOM_POSTGRES = "md5(random()::text || clock_timestamp()::text)"
RANDOM_SQLITE = "lower(hex(randomblob(16)))"
UPSERT = (
    "INSERT INTO offers_catalogueversion (id, token) VALUES (1, {token}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)


def postgres_statements():
    yield f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_LEVEL = 'STATEMENT' THEN
                PERFORM set_config('kommune360.catalogue_written', 'yes', true);
                IF TG_OP <> 'TRUNCATE' THEN
                    RETURN NULL;
                END IF;
            ELSIF current_setting('kommune360.catalogue_renewed', true) = 'yes' THEN
                RETURN NULL;
            ELSE
                PERFORM set_config('kommune360.catalogue_renewed', 'yes', true);
            END IF;
            {UPSERT.format(token=RANDOM_POSTGRES)};
            RETURN NULL;
        END
        $$
    """
    for table in WATCHED_TABLES:
        yield (
            f"CREATE CONSTRAINT TRIGGER {table}_catalogue_renew "
            f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
        yield (
            f"CREATE TRIGGER {table}_catalogue_written "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def sqlite_statements():
    for table in WATCHED_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER {table}_catalogue_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {UPSERT.format(token=RANDOM_SQLITE)}; END"
            )


def drop_triggers_backwards(apps, schema_editor):
    drop_triggers(schema_editor)


def drop_triggers(schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in WATCHED_TABLES:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_renew ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_written ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_{event}")
    if postgres:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres_statements()
    elif vendor == "sqlite":
        statements = sqlite_statements()
    else:
        raise NotImplementedError(f"No catalogue triggers for {vendor}")
    drop_triggers(schema_editor)
    for statement in statements:
        schema_editor.execute(statement)


def seed(apps, schema_editor):
    apps.get_model("offers", "CatalogueVersion").objects.update_or_create(
        pk=1, defaults={"token": "initial"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0007_catalogue_storage"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64)),
            ],
            options={"verbose_name": "Katalogstand", "verbose_name_plural": "Katalogstände"},
        ),
        migrations.RunPython(create_triggers, drop_triggers_backwards),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
