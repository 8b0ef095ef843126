"""The catalogue version token and the triggers that renew it.

The trigger SQL lives in offers/catalogue_triggers.py (its docstring says how
they work); migration 0010 installs the current version again.
"""

import secrets

from django.db import migrations, models

from offers.catalogue_triggers import drop_triggers, install_triggers


def create_triggers(apps, schema_editor):
    install_triggers(schema_editor)


def drop_triggers_backwards(apps, schema_editor):
    drop_triggers(schema_editor)


def seed(apps, schema_editor):
    apps.get_model("offers", "CatalogueVersion").objects.update_or_create(
        pk=1, defaults={"token": secrets.token_hex(16)}
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
