"""The database triggers that renew the catalogue version token (CatalogueVersion).

Every change to the rows the facet index (facet_index.py) is built from gives
`offers_catalogueversion` a new random token. Random tokens, not a counter: a
rolled-back transaction can reset a counter to a value an index was already
built for, never a token. Updates count only when they touch a column the
index reads, so re-indexing an offer's search text does not make every
process rebuild its index.

- PostgreSQL: the token is written when the writing transaction commits, by a
  deferred constraint trigger, once per transaction (a transaction-local
  setting remembers it). Writers therefore hold the token's row lock only
  while committing instead of queueing behind each other, and readers never
  see a new token before the data. Until then a statement trigger marks the
  writing transaction itself (`kommune360.catalogue_written`), so that its own
  reads do not use an index built before its changes. TRUNCATE, which row
  triggers do not see, renews the token at once. Before writing, the commit
  trigger takes `COMMIT_LOCK`, as the search's word index does at commit
  (search_words.py): two committing writers could otherwise each hold the
  row the other one writes next.
  Two consequences: a migration that writes one of these tables and then
  alters it in the same transaction must run `SET CONSTRAINTS ALL IMMEDIATE`
  in between (PostgreSQL refuses to alter a table with pending trigger
  events); and writers at REPEATABLE READ or SERIALIZABLE would conflict on
  the token row (the app writes at READ COMMITTED).
- SQLite: row triggers renew the token at once; SQLite has one writer at a
  time anyway, and a rollback restores the old token together with the data.
  SQLite drops a table's triggers when Django rebuilds the table for a schema
  change, so `ensure_triggers()` runs after every `migrate` (apps.py).
"""

# Table → the columns whose update matters (None: any update).
WATCHED = {
    "offers_offer": [
        "status",
        "valid_until",
        "published_at",
        "title",
        "time_commitment_hours",
        "offer_type_id",
        "delivery",
        "region_scope",
        "state",
        "is_free",
        "application_required",
        "travel_required",
    ],
    "offers_offer_audiences": None,
    "offers_offer_topics": None,
    "offers_offer_gaps": None,
    "taggit_taggeditem": None,
    "taggit_tag": ["name", "slug"],
}
FUNCTION = "offers_catalogue_changed"
# Taken by every trigger that writes at commit (this token, the search's word index,
# search_words.py) before it writes: committing writers queue in one order.
COMMIT_LOCK = "pg_advisory_xact_lock(hashtext('kommune360.catalogue_commit'))"
RANDOM_POSTGRES = "md5(random()::text || clock_timestamp()::text)"
RANDOM_SQLITE = "lower(hex(randomblob(16)))"
UPSERT = (
    "INSERT INTO offers_catalogueversion (id, token) VALUES (1, {token}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)
SQLITE_EVENTS = ("insert", "update", "delete")


def _update_event(table):
    columns = WATCHED[table]
    return f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"


def _postgres_statements():
    yield f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $$
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
                PERFORM {COMMIT_LOCK};
            END IF;
            {UPSERT.format(token=RANDOM_POSTGRES)};
            RETURN NULL;
        END
        $$
    """
    for table in WATCHED:
        update = _update_event(table)
        yield (
            f"CREATE CONSTRAINT TRIGGER {table}_catalogue_renew "
            f"AFTER INSERT OR {update} OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
        yield (
            f"CREATE TRIGGER {table}_catalogue_written "
            f"AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def _sqlite_statements():
    for table in WATCHED:
        for event in SQLITE_EVENTS:
            when = _update_event(table) if event == "update" else event.upper()
            yield (
                f"CREATE TRIGGER {table}_catalogue_{event} AFTER {when} ON {table} "
                f"BEGIN {UPSERT.format(token=RANDOM_SQLITE)}; END"
            )


def trigger_names(vendor):
    kinds = ("renew", "written") if vendor == "postgresql" else SQLITE_EVENTS
    return {f"{table}_catalogue_{kind}" for table in WATCHED for kind in kinds}


def drop_triggers(schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    kinds = ("renew", "written") if postgres else SQLITE_EVENTS
    for table in WATCHED:
        for kind in kinds:
            on_table = f" ON {table}" if postgres else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_{kind}{on_table}")
    if postgres:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def install_triggers(schema_editor):
    """(Re)create the function and all triggers; safe to run again."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgres_statements()
    elif vendor == "sqlite":
        statements = _sqlite_statements()
    else:
        raise NotImplementedError(f"No catalogue triggers for {vendor}")
    drop_triggers(schema_editor)
    for statement in statements:
        schema_editor.execute(statement)


def missing_triggers(connection):
    """The names of catalogue triggers that the database lacks."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    return trigger_names(connection.vendor) - present


def ensure_triggers(using="default", **kwargs):
    """post_migrate: put back triggers a table rebuild dropped (SQLite), once migrated that far."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("offers", "0008_catalogue_version") not in applied:
        return
    if missing_triggers(connection):
        with connection.schema_editor() as schema_editor:
            install_triggers(schema_editor)
            # Changes made while a trigger was missing went unnoticed: renew once.
            token = RANDOM_POSTGRES if connection.vendor == "postgresql" else RANDOM_SQLITE
            schema_editor.execute(UPSERT.format(token=token))
