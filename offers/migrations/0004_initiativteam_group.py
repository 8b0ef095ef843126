"""The group "Initiativteam" with exactly the permissions to run the catalogue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM_GROUP = "Initiativteam"
MODELS = ["offer", "provider", "audience", "topic", "gap", "offertype"]
ACTIONS = ["view", "add", "change", "delete"]
EXTRA = [
    ("offers", "view_offertransition"),
    ("taggit", "view_tag"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    ("taggit", "view_taggeditem"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    wanted = [("offers", f"{action}_{model}") for model in MODELS for action in ACTIONS] + EXTRA
    for app_label, codename in wanted:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TEAM_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_search_gin_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
