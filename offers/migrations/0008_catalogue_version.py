"""The catalogue version token.

Until migration 0013 database triggers renewed it; they were installed here
from live code. A database migrated from scratch no longer gets them, and
0013 drops them from databases that have them.
"""

import secrets

from django.db import migrations, models


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
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
