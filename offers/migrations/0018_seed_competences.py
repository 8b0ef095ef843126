"""Seed the competences (after the Kompetenzprofil Jugendhilfeplanung) and let the team edit
them and an offer's dates."""

from django.db import migrations

from kommune360 import team_permissions

# The data as first seeded, frozen here: the team edits the vocabulary in the admin.
COMPETENCES = [
    (
        "digital-analytisch-konzeptionell",
        "Digitale, analytische und konzeptionelle Kompetenzen",
        "Daten erheben und deuten, digitale Werkzeuge sicher nutzen und daraus tragfähige "
        "Konzepte entwickeln.",
    ),
    (
        "prozess-netzwerksteuerung",
        "Prozess- und Netzwerksteuerung",
        "Abläufe über Ämter und Träger hinweg planen und lenken, Partner:innen zusammenbringen "
        "und Netzwerke arbeitsfähig halten.",
    ),
    (
        "veraenderungsmanagement",
        "Veränderungsmanagement",
        "Wandel in der eigenen Organisation anstoßen und begleiten, Widerstände ernst nehmen "
        "und Beteiligte mitnehmen.",
    ),
    (
        "beteiligung-steuern",
        "Steuerung von Beteiligungsverfahren",
        "Beteiligung von Fachpraxis, jungen Menschen und Bürger:innen planen, moderieren und "
        "ihre Ergebnisse in Entscheidungen tragen.",
    ),
]
ACTIONS = ["view", "add", "change", "delete"]
PAIRS = [
    ("offers", f"{action}_{model}") for model in ("competence", "offerdate") for action in ACTIONS
]


def seed(apps, schema_editor):
    Competence = apps.get_model("offers", "Competence")
    for position, (slug, name, description) in enumerate(COMPETENCES):
        Competence.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def grant(apps, schema_editor):
    team_permissions.grant(apps, PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0017_facet_index_certificate_cost"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
