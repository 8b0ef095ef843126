"""Give the group "Initiativteam" exactly what it needs to work with contributions.

View and change contributions and cooperation requests (moderate, note, answer,
run the pipeline), add and view reply e-mails (send and see them, never delete
them). No deleting of contributions and no DSGVO export/erasure: those stay
with administrators.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_GROUP = "Initiativteam"
CODENAMES = [
    "view_contribution",
    "change_contribution",
    "view_cooperationrequest",
    "change_cooperationrequest",
    "add_contributionreply",
    "view_contributionreply",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label="feedback", codename__in=CODENAMES)
    )
    if len(permissions) != len(CODENAMES):
        raise RuntimeError("Feedback permissions are missing; cannot set up the team group.")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=TEAM_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="feedback", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("offers", "0004_initiativteam_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
