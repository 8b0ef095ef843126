"""Let the group "Initiativteam" see the e-mail outbox and send failed mails again.

View the outbox and the delivery log; "change" on the outbox is the permission
behind the admin action "send again" (mails themselves stay read-only).
"""

from django.db import migrations

from kommune360 import team_permissions

PAIRS = [
    ("kommune360", "view_outboxmail"),
    ("kommune360", "change_outboxmail"),
    ("kommune360", "view_maildelivery"),
]


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("kommune360", "0001_outbox_admin"),
        ("offers", "0004_initiativteam_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
