"""Give the group "Initiativteam" what it needs to run the formats."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_GROUP = "Initiativteam"
FULL = ["series", "session", "circle", "boardtopic", "timebox"]
ACTIONS = ["view", "add", "change", "delete"]
# Registrations change state only through the service (admin actions), never by hand.
EXTRA = ["view_formatkind", "change_formatkind", "view_registration", "change_registration"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("formats")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    wanted = [f"{action}_{model}" for model in FULL for action in ACTIONS] + EXTRA
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="formats", codename__in=wanted)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=TEAM_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="formats"))


class Migration(migrations.Migration):
    dependencies = [
        ("formats", "0002_seed_format_kinds"),
        ("offers", "0004_initiativteam_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
