"""The analysis page (/analyse/) with the initiative's analysis in our own words.

Seeds the page once (`seed`; a page the team has edited stays as it is) and
lets the group "Initiativteam" edit its text and upload the Impulspapier
(`grant`).
"""

import django.core.validators
import django.db.models.deletion
import offers.models.analysis
from django.db import migrations, models

from kommune360 import team_permissions

TITLE = "Unsere Analyse im Überblick"
SUMMARY = (
    "Welche Unterstützung finden kommunale Akteur:innen, die integrierter arbeiten wollen – "
    "und wo fehlt sie? Was wir untersucht haben, wie wir vorgegangen sind und welche fünf "
    "Ideen daraus entstanden sind."
)

SECTIONS = [
    {
        "anchor": "ausgangslage",
        "heading": "Warum wir hingeschaut haben",
        "body": """\
Verwaltung steht vor neuen Aufgaben, und viele Kommunen haben die Personalentwicklung deshalb
weit oben auf ihrer Liste. Besonders dort, wo mit anderen zusammen und auf gemeinsame Ziele
hin geplant wird – etwa in der Jugendhilfeplanung –, braucht es Fähigkeiten, die in der
klassischen Verwaltungsausbildung selten im Mittelpunkt stehen: digitale, analytische und
konzeptionelle Kompetenzen, das Steuern von Prozessen und Netzwerken, Veränderungsmanagement
und das Steuern von Beteiligung.

Als Initiative Kommune 360° wollen wir neue Unterstützungsangebote für kommunale
Akteur:innen mitentwickeln. Vorher wollten wir die Ausgangslage verstehen:

- Welche Unterstützung finden kommunale Akteur:innen, die in ihrer Kommune integrierter
  arbeiten wollen?
- Auf welche Fortbildungen können sie zurückgreifen?
- Wo zeigen sich Leerstellen, an denen es sich lohnt anzusetzen?
""",
    },
    {
        "anchor": "vorgehen",
        "heading": "Was wir untersucht haben und wie",
        "body": """\
Wir haben Akteur:innen und Angebote rund um die Unterstützung von Kommunen betrachtet.
„Unterstützungsangebot“ verstehen wir dabei weit: Aus- und Weiterbildungen ebenso wie
Publikationen, Werkzeugkoffer, einzelne Methoden und Tools oder Beratung.

So sind wir vorgegangen:

1. **Desktoprecherche:** Wir haben öffentlich zugängliche Angebote gesucht und gesichtet.
2. **Interviews mit Expert:innen:** In vertiefenden Gesprächen haben wir nachgefragt, was
   trägt und was fehlt.
3. **Befragung kommunaler Mitarbeitender:** Menschen aus Kommunen, die sich in der
   Initiative engagieren, haben uns Einblick in ihren Arbeitsalltag gegeben.
4. **Diskussion im Expert:innen-Team:** Die Ergebnisse haben wir im Expert:innen-Team der
   Initiative besprochen und eingeordnet.

Vollständig ist diese Analyse nicht, und sie will es auch nicht sein. Sie hält Eindrücke
fest, die wir teilen, damit andere sie prüfen, ergänzen und weiterdenken: Wie müssen sich
Unterstützungsangebote entwickeln, damit sie integriertes Arbeiten fördern und Kommunen für
die Gestaltung der Zukunft stärken?
""",
    },
    {
        "anchor": "integriertes-arbeiten",
        "heading": "Was wir unter integriertem Arbeiten verstehen",
        "body": """\
Integriertes Arbeiten ist für uns kein fertiges Modell, das eine Kommune übernimmt, sondern
ein Prozess. Er hat fünf Eigenschaften:

1. **Ressortübergreifend:** Fachbereiche und weitere Akteur:innen arbeiten über ihre
   Grenzen hinweg zusammen. Das widerspricht nicht der Fachverantwortung der Ressorts: Die
   Zuständigkeit in der Linie und die geteilte Verantwortung bleiben bestehen.
   [Angebote, die ressortübergreifendes Arbeiten stärken](/angebote/?integriert=ressortuebergreifend)
2. **Beteiligungsorientiert:** Die Menschen, für die Angebote gemacht werden, und die
   Träger gestalten mit.
   [Angebote, die Beteiligung stärken](/angebote/?integriert=beteiligungsorientiert)
3. **Bedarfsorientiert:** Was entsteht, passt zu dem, was die Adressat:innen brauchen, und
   zu den Gegebenheiten vor Ort.
   [Angebote, die bedarfsorientiertes Arbeiten stärken](/angebote/?integriert=bedarfsorientiert)
4. **Wirkungsorientiert:** Im Mittelpunkt stehen die gemeinsamen Ziele für Kinder,
   Jugendliche und Familien, die Projekte und Maßnahmen erreichen sollen – nicht die Logik
   einzelner Leistungsbereiche.
   [Angebote, die wirkungsorientiertes Arbeiten stärken](/angebote/?integriert=wirkungsorientiert)
5. **Im Arbeitsalltag gelebt:** Integriertes Arbeiten heißt nicht immer
   „Planungsprozess“. Es zeigt sich ebenso in Projekten, in gemeinsamen Strategieprozessen
   und im täglichen Handeln.
   [Angebote, die integriertes Arbeiten im Alltag stärken](/angebote/?integriert=im-alltag)

Im [Angebotskatalog](/angebote/) können Sie nach diesen Eigenschaften filtern: Anbieter:innen
geben an, welche davon ihr Angebot stärkt.
""",
    },
    {
        "anchor": "fuenf-ideen",
        "heading": "Fünf Ideen für die Verwaltung von morgen",
        "show_gaps": True,
        "body": """\
Aus der Analyse sind fünf Ideen entstanden. Wir sehen in ihnen große Chancen und laden Sie
ein, sie mit uns weiterzudenken:

1. Neue Arbeitsweisen – agile Methoden, kurze digitale Formate, gemeinsames Ausprobieren –
   können der Kommunalverwaltung viel bringen.
2. Wer integriert arbeiten will, verändert die Art, wie die Kommune arbeitet. Diesen Wandel
   müssen Menschen steuern, die dafür das Können mitbringen.
3. Künftig tauscht sich die Verwaltung fachlich vor allem digital aus: kurz, ohne Anreise
   und mit wenig Aufwand.
4. Wer in der Kommunalpolitik entscheidet, soll leicht an Fortbildungen kommen, die
   Fachwissen und strategisches Denken verbinden.
5. Fach- und Planungskräfte aus verschiedenen Disziplinen lernen miteinander – und jede
   Seite von der anderen.

Jede Idee steht für eine Leerstelle im bisherigen Angebot. Zu jeder sammeln wir Angebote,
die sie schließen helfen, und zeigen, wo noch etwas fehlt:
""",
    },
    {
        "anchor": "mitdenken",
        "heading": "Wo liegen wir richtig – was haben wir übersehen?",
        "body": """\
Diese Analyse ist ein Zwischenstand, und wir möchten sie mit Ihnen weiterdenken:

- Sie arbeiten in einer Kommune und möchten Ihre Erfahrungen teilen?
- Sie bieten Unterstützung für Kommunen an und haben Anmerkungen zu unseren Eindrücken –
  oder Interesse an einer Kooperation?
- Sie sehen manches ganz anders und möchten darüber diskutieren?
- Sie möchten selbst Teil der Initiative werden?

[Schreiben Sie uns über „Mitdenken“](/mitdenken/). Wir freuen uns über Hinweise,
Widerspruch und Ideen, wen wir noch einbeziehen sollten.
""",
    },
    {
        "anchor": "dank",
        "heading": "Danke",
        "body": """\
Wir danken allen, die an dieser Erkundung mitgewirkt haben: unserem Expert:innen-Team für
seinen fachlichen Rat und den Kolleg:innen aus den Kommunen, die uns in Interviews und in
der Befragung Einblick in ihren Alltag gegeben haben. Ihre Hinweise haben unsere Ideen
geprägt.
""",
    },
]

TEAM_PAIRS = [
    ("offers", "view_analysispage"),
    ("offers", "change_analysispage"),
    ("offers", "view_analysissection"),
    ("offers", "add_analysissection"),
    ("offers", "change_analysissection"),
    ("offers", "delete_analysissection"),
]


def seed(apps, schema_editor):
    """Create the page once; a page that exists (edited by the team) stays untouched."""
    AnalysisPage = apps.get_model("offers", "AnalysisPage")
    if AnalysisPage.objects.exists():
        return
    page = AnalysisPage.objects.create(title=TITLE, summary=SUMMARY)
    for position, section in enumerate(SECTIONS, start=1):
        page.sections.create(position=position * 10, **section)


def grant(apps, schema_editor):
    team_permissions.grant(apps, TEAM_PAIRS)


def revoke(apps, schema_editor):
    team_permissions.revoke(apps, TEAM_PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0020_offer_everyday_practice"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnalysisPage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=150, verbose_name="Überschrift")),
                (
                    "summary",
                    models.CharField(
                        help_text="Ein bis zwei Sätze unter der Überschrift, auch für Suchmaschinen. Ohne Markdown.",
                        max_length=400,
                        verbose_name="Kurzfassung",
                    ),
                ),
                (
                    "impulse_paper",
                    models.FileField(
                        blank=True,
                        help_text="Höchstens 20 MB. Solange hier keine Datei ist, bietet die Seite eine PDF-Fassung an, die aus ihrem eigenen Text erzeugt wird.",
                        storage=offers.models.analysis.paper_storage,
                        upload_to="analyse/",
                        validators=[
                            django.core.validators.FileExtensionValidator(
                                ["pdf"], message="Bitte eine Datei mit der Endung .pdf wählen."
                            ),
                            offers.models.analysis.validate_pdf,
                        ],
                        verbose_name="Impulspapier (PDF)",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="geändert")),
            ],
            options={
                "verbose_name": "Analyseseite",
                "verbose_name_plural": "Analyseseite",
            },
        ),
        migrations.CreateModel(
            name="AnalysisSection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge"),
                ),
                ("heading", models.CharField(max_length=120, verbose_name="Überschrift")),
                (
                    "anchor",
                    models.SlugField(
                        help_text="Kurzname für Links auf diesen Abschnitt, z. B. „vorgehen“ für /analyse/#vorgehen.",
                        max_length=60,
                        verbose_name="Sprungmarke",
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="Markdown: **fett**, *kursiv*, Listen mit „- “ am Zeilenanfang, Links als [Text](https://…) oder [Text](/angebote/), Zwischenüberschriften mit „#“. HTML und Bilder werden nicht übernommen.",
                        max_length=20000,
                        verbose_name="Text",
                    ),
                ),
                (
                    "show_gaps",
                    models.BooleanField(
                        default=False,
                        help_text="Mit Namen, Kurzbeschreibung und Link, so wie sie unter „Leerstellen“ gepflegt sind.",
                        verbose_name="die fünf Leerstellen unter dem Text zeigen",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sections",
                        to="offers.analysispage",
                        verbose_name="Seite",
                    ),
                ),
            ],
            options={
                "verbose_name": "Abschnitt",
                "verbose_name_plural": "Abschnitte",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "anchor"),
                        name="analysis_section_anchor_unique",
                        violation_error_message="Diese Sprungmarke hat schon ein anderer Abschnitt.",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
