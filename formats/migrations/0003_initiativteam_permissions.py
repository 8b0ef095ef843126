"""Give the group "Initiativteam" what it needs to run the formats."""

from django.db import migrations

from kommune360 import team_permissions

FULL = ["series", "session", "circle", "boardtopic", "timebox"]
ACTIONS = ["view", "add", "change", "delete"]
# Registrations change state only through the service (admin actions), never by hand.
EXTRA = ["view_formatkind", "change_formatkind", "view_registration", "change_registration"]
PAIRS = [("formats", f"{action}_{model}") for model in FULL for action in ACTIONS] + [
    ("formats", codename) for codename in EXTRA
]


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("formats", "0002_seed_format_kinds"),
        ("offers", "0004_initiativteam_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
