"""The group "Datenschutz": answer DSGVO requests without being a superuser.

It may create information exports (Art. 15), erase or anonymise a person's
data across the apps (Art. 17) and see the log of erasures. A team member
who handles such requests gets staff status and this group.
"""

from django.db import migrations

from kommune360 import team_permissions

PAIRS = [
    ("feedback", "export_personal_data"),
    ("feedback", "erase_personal_data"),
    ("feedback", "view_erasurerecord"),
]


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS, group_name=team_permissions.PRIVACY_GROUP)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS, group_name=team_permissions.PRIVACY_GROUP)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_initiativteam_feedback_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
