"""Kurzimpulse ask one question after the talk; the team reads the answers and keeps
the agreed actions of a Lean Coffee round."""

from django.db import migrations

from kommune360 import team_permissions

PAIRS = [("formats", "view_talkfeedback")] + [
    ("formats", f"{action}_boardaction") for action in ("view", "add", "change", "delete")
]


def seed(apps, schema_editor):
    FormatKind = apps.get_model("formats", "FormatKind")
    FormatKind.objects.filter(slug="kurzimpuls").update(asks_feedback=True)


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [("formats", "0007_talk_material_and_feedback")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
