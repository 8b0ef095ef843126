"""Granting the group "Initiativteam" its permissions, for the apps' data migrations.

Each app's migration names exactly the (app label, codename) pairs the team
needs; this module creates the permissions first (post_migrate has not run
yet inside a migration) and fails loudly if one does not exist.
"""

from django.contrib.auth.management import create_permissions

TEAM_GROUP = "Initiativteam"


def _permissions(apps, pairs):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def grant(apps, pairs):
    """Add these permissions to the team group (created if missing)."""
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=TEAM_GROUP)
    group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, pairs):
    """Take these permissions from the team group again (for migrating backwards)."""
    group = apps.get_model("auth", "Group").objects.filter(name=TEAM_GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, pairs))
