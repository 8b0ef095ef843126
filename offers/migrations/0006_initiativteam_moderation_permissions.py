"""Give the group "Initiativteam" what moderating submitted offers needs, and no more.

- Moderationswarteschlange (proxy of Offer): view, change (run the moderation actions)
- Änderungsvorschläge: view, change (approve or reject); never add or delete them
- Bearbeitungslinks: view, add (send a provider a new link), change (revoke)
- Nachrichten an Anbieter:innen, Ablauf-Erinnerungen: view only (a record of what was sent)
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_GROUP = "Initiativteam"
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


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="offers", codename=codename)
        for codename in PERMISSIONS
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=TEAM_GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0005_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
