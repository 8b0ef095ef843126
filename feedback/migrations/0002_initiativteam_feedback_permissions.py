"""Give the group "Initiativteam" exactly what it needs to work with contributions.

View and change contributions and cooperation requests (moderate, note, answer,
run the pipeline), add and view reply e-mails (send and see them, never delete
them). No deleting of contributions and no DSGVO export/erasure: those stay
with administrators.
"""

from django.db import migrations

from kommune360 import team_permissions

CODENAMES = [
    "view_contribution",
    "change_contribution",
    "view_cooperationrequest",
    "change_cooperationrequest",
    "add_contributionreply",
    "view_contributionreply",
]
PAIRS = [("feedback", codename) for codename in CODENAMES]


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("offers", "0004_initiativteam_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
