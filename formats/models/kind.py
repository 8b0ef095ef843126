"""The kinds of format the initiative runs: data the team edits, seeded by a migration."""

from django.db import models


class FormatKind(models.Model):
    """Lean Coffee, WOL-Circle, Kurzimpuls – with the defaults a new session starts from.

    What the code does differently per kind hangs on the flags (`has_board`,
    `circle_size`), never on the name, so the team may rename a kind freely.
    """

    # Slugs of the seeded kinds, used by the demo data and the tests.
    LEAN_COFFEE = "lean-coffee"
    WOL_CIRCLE = "wol-circle"
    SHORT_TALK = "kurzimpuls"

    name = models.CharField("Bezeichnung", max_length=80, unique=True)
    slug = models.SlugField(
        "Kurzname (URL)",
        max_length=80,
        unique=True,
        help_text="Stabiler Wert in Adressen und Kalender-Abos. Nicht mehr ändern.",
    )
    summary = models.CharField(
        "In einem Satz", max_length=300, help_text="Erscheint in der Übersicht unter dem Namen."
    )
    description = models.TextField("So läuft es ab", blank=True)
    default_duration_minutes = models.PositiveSmallIntegerField("übliche Dauer (Minuten)")
    default_capacity = models.PositiveSmallIntegerField("übliche Zahl der Plätze")
    has_board = models.BooleanField(
        "Lean-Coffee-Board",
        default=False,
        help_text="Termine dieses Formats haben ein Board für Themen, Punkte und Zeitfenster.",
    )
    circle_size = models.PositiveSmallIntegerField(
        "Kreisgröße",
        null=True,
        blank=True,
        help_text="Nur für Formate mit festen Kleingruppen (WOL-Circle): höchstens so viele "
        "Mitglieder je Kreis. Die Anmeldung gilt dann für alle Treffen der Reihe.",
    )
    circle_meetings = models.PositiveSmallIntegerField(
        "Treffen je Kreis",
        null=True,
        blank=True,
        help_text="Nur für Formate mit festen Kleingruppen: so viele wöchentliche Treffen "
        "werden beim Anlegen eines Kreisstarts erzeugt.",
    )
    asks_feedback = models.BooleanField(
        "nach dem Termin Rückmeldung erfragen",
        default=False,
        help_text="Teilnehmende bekommen nach dem Termin eine E-Mail mit einer kurzen Frage "
        "(1 bis 5 und ein Kommentar).",
    )
    guide_url = models.URLField(
        "Link zu Anleitungen",
        blank=True,
        help_text="Veröffentlichte Leitfäden zur Methode, auf die wir verweisen.",
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Formatart"
        verbose_name_plural = "Formatarten"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def is_circle(self) -> bool:
        return bool(self.circle_size)

    @property
    def meetings_per_circle(self) -> int:
        """How many weekly meetings a circle of this kind has (12 unless the team set it)."""
        return self.circle_meetings or 12
