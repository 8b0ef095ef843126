"""Give the group "Initiativteam" what moderating submitted offers needs, and no more.

- Moderationswarteschlange (proxy of Offer): view, change (run the moderation actions)
- Änderungsvorschläge: view, change (approve or reject); never add or delete them
- Bearbeitungslinks: view, add (send a provider a new link), change (revoke)
- Nachrichten an Anbieter:innen, Ablauf-Erinnerungen: view only (a record of what was sent)
"""

from django.db import migrations

from kommune360 import team_permissions

PERMISSIONS = [
    "view_queuedoffer",
    "change_queuedoffer",
    "view_offerchange",
    "change_offerchange",
    "view_offereditlink",
    "add_offereditlink",
    "change_offereditlink",
    "view_offermessage",
    "view_offerreminder",
]
PAIRS = [("offers", codename) for codename in PERMISSIONS]


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0005_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
