from django.db import migrations

# The data as first seeded, frozen here: the team edits the vocabulary in the admin.
GAPS = [
    {
        "number": 1,
        "slug": "innovative-arbeitsweisen",
        "name": "Innovative Arbeitsweisen",
        "teaser": "Agile Methoden, Design Thinking und New Work – passend gemacht für die "
        "Kommunalverwaltung.",
        "description": (
            "Viele Angebote zu agilen Methoden, Design Thinking oder New Work richten sich an "
            "Unternehmen. Für die Kommunalverwaltung mit ihren eigenen Abläufen gibt es wenig. "
            "Dazu kommen praktische Hürden: Fortbildungen müssen genehmigt werden, und die "
            "Budgets sind knapp. Hier sammeln wir Angebote, die neue Arbeitsweisen in den "
            "Verwaltungsalltag übersetzen."
        ),
    },
    {
        "number": 2,
        "slug": "veraenderung-gestalten",
        "name": "Veränderung gestalten",
        "teaser": "Prozesse und Netzwerke steuern, Wandel begleiten, Beteiligung lenken.",
        "description": (
            "Integriert zu arbeiten verändert eine Kommune – und Veränderung braucht Menschen, "
            "die sie gestalten können. Gefragt sind Kompetenzen in Prozess- und "
            "Netzwerksteuerung, im Veränderungsmanagement und in der Steuerung von Beteiligung. "
            "Orientierung geben etwa das Kompetenzprofil für die Jugendhilfeplanung und das "
            "Fortbildungskonzept „Netzwerkkoordination in der Kommune“."
        ),
    },
    {
        "number": 3,
        "slug": "digital-niedrigschwellig",
        "name": "Digital und niedrigschwellig",
        "teaser": "Fachlicher Austausch ohne Antrag, ohne Reise, in kurzen Formaten.",
        "description": (
            "Fachlicher Austausch sollte leicht zugänglich sein: ohne Antragsverfahren, ohne "
            "Reisekosten und in kurzen Einheiten, die auch in einen vollen Kalender passen. "
            "Working-Out-Loud-Circles, Lean-Coffee-Runden und Kurzimpulse zeigen, wie das geht. "
            "Systematisch digital gedachte Angebote sind bisher selten."
        ),
    },
    {
        "number": 4,
        "slug": "kommunalpolitik",
        "name": "Zugang für Kommunalpolitik",
        "teaser": "Strategische und fachliche Fortbildung auch für Kommunalpolitiker:innen.",
        "description": (
            "Kommunalpolitiker:innen entscheiden über Strategien und Mittel, finden aber nur "
            "schwer passende strategische und fachliche Fortbildungen. Viele Angebote sind für "
            "Verwaltung oder Fachpraxis gedacht. Wir suchen Angebote, die Politik gezielt "
            "ansprechen – zeitlich und inhaltlich passend für ein Ehrenamt."
        ),
    },
    {
        "number": 5,
        "slug": "interdisziplinaer-lernen",
        "name": "Interdisziplinär lernen",
        "teaser": "Fach- und Planungskräfte lernen voneinander – über Berufsgrenzen hinweg.",
        "description": (
            "Fachkräfte und Planungskräfte können viel voneinander lernen, treffen sich aber "
            "selten in derselben Fortbildung. Gerade zu Prävention und Beteiligung richten sich "
            "die meisten Angebote an die Fachpraxis vor Ort, kaum an die Planung in der "
            "Verwaltung. Gesucht sind Formate, in denen mehrere Professionen gemeinsam lernen."
        ),
    },
]

AUDIENCES = [
    ("fuehrungskraefte", "Führungskräfte", "Leitungen von Ämtern, Fachbereichen und Dezernaten."),
    (
        "planungskraefte",
        "Planungskräfte",
        "Zum Beispiel Jugendhilfeplanung, Sozialplanung, Bildungs- und Gesundheitsplanung.",
    ),
    (
        "fachkraefte",
        "Fachkräfte",
        "Fachpraxis vor Ort, zum Beispiel pädagogische Fachkräfte oder Sozialarbeit.",
    ),
    (
        "verwaltungsmitarbeitende",
        "Verwaltungsmitarbeitende",
        "Mitarbeitende in Querschnitts- und Fachverwaltung.",
    ),
    (
        "kommunalpolitiker-innen",
        "Kommunalpolitiker:innen",
        "Mitglieder von Räten, Kreistagen und Ausschüssen.",
    ),
    (
        "netzwerkkoordinator-innen",
        "Netzwerkkoordinator:innen",
        "Menschen, die kommunale Netzwerke aufbauen und steuern.",
    ),
    (
        "traeger-zivilgesellschaft",
        "Träger und Zivilgesellschaft",
        "Freie Träger, Wohlfahrtsverbände, Vereine und Initiativen.",
    ),
]

TOPICS = [
    ("jugendhilfeplanung", "Jugendhilfeplanung"),
    ("sozialplanung", "Sozialplanung"),
    ("praevention", "Prävention"),
    ("beteiligung", "Beteiligung"),
    ("integrierte-planung-sozialraum", "Integrierte Planung / Sozialraum"),
    ("netzwerkarbeit", "Netzwerkarbeit"),
    ("personalentwicklung", "Personalentwicklung"),
    ("digitalisierung", "Digitalisierung"),
    ("veraenderungsmanagement", "Veränderungsmanagement"),
    ("innovative-methoden", "Innovative Methoden"),
]

OFFER_TYPES = [
    ("fortbildung", "Fortbildung / Weiterbildung"),
    ("e-learning", "E-Learning"),
    ("publikation", "Publikation / Arbeitshilfe"),
    ("werkzeugkoffer", "Werkzeugkoffer"),
    ("methode", "Einzelnes Werkzeug / Methode"),
    ("beratung", "Beratung / Begleitung"),
    ("austausch", "Austausch- und Netzwerkformat"),
    ("tagung", "Tagung / Konferenz"),
]


def seed(apps, schema_editor):
    Gap = apps.get_model("offers", "Gap")
    Audience = apps.get_model("offers", "Audience")
    Topic = apps.get_model("offers", "Topic")
    OfferType = apps.get_model("offers", "OfferType")
    for position, gap in enumerate(GAPS):
        Gap.objects.update_or_create(slug=gap["slug"], defaults={**gap, "position": position})
    for position, (slug, name, description) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for position, (slug, name) in enumerate(TOPICS):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (slug, name) in enumerate(OFFER_TYPES):
        OfferType.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
