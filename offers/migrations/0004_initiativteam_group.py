"""The group "Initiativteam" with exactly the permissions to run the catalogue."""

from django.db import migrations

from kommune360 import team_permissions

MODELS = ["offer", "provider", "audience", "topic", "gap", "offertype"]
ACTIONS = ["view", "add", "change", "delete"]
EXTRA = [
    ("offers", "view_offertransition"),
    ("taggit", "view_tag"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    ("taggit", "view_taggeditem"),
]
PAIRS = [("offers", f"{action}_{model}") for model in MODELS for action in ACTIONS] + EXTRA


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=team_permissions.TEAM_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_search_gin_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
