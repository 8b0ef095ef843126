"""Granting the team's groups their permissions, for the apps' data migrations.

"Initiativteam" moderates and curates; "Datenschutz" answers DSGVO requests.

Each app's migration names exactly the (app label, codename) pairs the team
needs; this module creates the permissions first (post_migrate has not run
yet inside a migration) and fails loudly if one does not exist.
"""

from django.contrib.auth.management import create_permissions

TEAM_GROUP = "Initiativteam"
PRIVACY_GROUP = "Datenschutz"


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


def grant(apps, pairs, group_name=TEAM_GROUP):
    """Add these permissions to the group (created if missing)."""
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, pairs, group_name=TEAM_GROUP):
    """Take these permissions from the group again (for migrating backwards)."""
    group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, pairs))
