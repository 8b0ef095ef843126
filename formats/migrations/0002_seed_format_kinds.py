from django.db import migrations

from formats.kind_seed import KINDS


def seed(apps, schema_editor):
    FormatKind = apps.get_model("formats", "FormatKind")
    for position, kind in enumerate(KINDS):
        FormatKind.objects.update_or_create(
            slug=kind["slug"], defaults={**kind, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("formats", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
