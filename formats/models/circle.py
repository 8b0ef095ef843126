from django.db import models


class Circle(models.Model):
    """A Working-Out-Loud circle: a small fixed group formed from the registrations of a start."""

    session = models.ForeignKey(
        "formats.Session",
        verbose_name="Kreisstart",
        on_delete=models.CASCADE,
        related_name="circles",
    )
    name = models.CharField("Name", max_length=80)
    room_url = models.URLField(
        "Link zum Online-Raum des Kreises",
        max_length=500,
        blank=True,
        help_text="Leer lassen, um den Raum des Kreisstarts zu verwenden.",
    )
    note = models.TextField("interne Notiz", blank=True)
    dates_sent_at = models.DateTimeField("Termine verschickt am", null=True, blank=True)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)

    class Meta:
        verbose_name = "WOL-Kreis"
        verbose_name_plural = "WOL-Kreise"
        ordering = ["session__start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="formats_circle_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.session.title})"
