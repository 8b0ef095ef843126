from django.db import migrations

# The formats as first seeded, frozen here: the team edits them in the admin.
WOL_GUIDES_URL = "https://workingoutloud.com/de/circle-guides"

KINDS = [
    {
        "slug": "lean-coffee",
        "name": "Lean Coffee",
        "summary": "Ein Gespräch ohne vorher festgelegte Tagesordnung: Die Runde bringt die "
        "Themen mit und entscheidet selbst, worüber sie spricht.",
        "description": (
            "Zu Beginn schreiben alle Themen auf, die sie gerade beschäftigen. Jede Person "
            "verteilt drei Punkte auf die Themen, die sie am meisten interessieren. Dann "
            "sprechen wir über die Themen in der Reihenfolge der Punkte – jeweils acht Minuten. "
            "Wenn die Zeit um ist, zeigt die Runde mit dem Daumen, ob sie weitermachen oder zum "
            "nächsten Thema gehen möchte. Eine Runde dauert etwa eine Stunde und findet online "
            "statt. Vorbereitung ist nicht nötig."
        ),
        "default_duration_minutes": 60,
        "default_capacity": 12,
        "has_board": True,
        "circle_size": None,
        "circle_meetings": None,
        "guide_url": "",
    },
    {
        "slug": "wol-circle",
        "name": "WOL-Circle",
        "summary": "Eine feste Kleingruppe von vier bis fünf Personen trifft sich zwölf Wochen "
        "lang einmal pro Woche für eine Stunde – jede Person mit einem eigenen Ziel.",
        "description": (
            "Working Out Loud (WOL) heißt: Sie arbeiten an einem persönlichen Ziel und machen "
            "Ihre Arbeit dabei für andere sichtbar. Im Kreis unterstützen Sie sich gegenseitig, "
            "knüpfen Kontakte und lernen voneinander. Wir stellen die Kreise bewusst gemischt "
            "zusammen: aus verschiedenen Kommunen und mit verschiedenen Aufgaben. Ihre Anmeldung "
            "gilt für alle zwölf Treffen. Für den Ablauf jeder Woche gibt es frei "
            "veröffentlichte Leitfäden der WOL-Initiative."
        ),
        "default_duration_minutes": 60,
        "default_capacity": 5,
        "has_board": False,
        "circle_size": 5,
        "circle_meetings": 12,
        "guide_url": WOL_GUIDES_URL,
    },
    {
        "slug": "kurzimpuls",
        "name": "Kurzimpuls",
        "summary": "Ein kurzer fachlicher Input von 15 bis 30 Minuten mit anschließendem "
        "Austausch – gedacht für Führungskräfte mit vollem Kalender.",
        "description": (
            "Eine Expertin oder ein Experte bringt ein Thema auf den Punkt, danach ist Zeit "
            "für Fragen und Austausch. Die Impulse finden online in der Mittagszeit statt und "
            "dauern insgesamt höchstens 45 Minuten. Sie brauchen keine Vorbereitung und keinen "
            "Fortbildungsantrag."
        ),
        "default_duration_minutes": 45,
        "default_capacity": 30,
        "has_board": False,
        "circle_size": None,
        "circle_meetings": None,
        "guide_url": "",
    },
]


def seed(apps, schema_editor):
    FormatKind = apps.get_model("formats", "FormatKind")
    for position, kind in enumerate(KINDS):
        FormatKind.objects.update_or_create(
            slug=kind["slug"], defaults={**kind, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("formats", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
