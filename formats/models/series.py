from django.db import models
from django.urls import reverse


class Series(models.Model):
    """A run of sessions of one kind, e.g. „Kurzimpulsreihe für Führungskräfte 2027“."""

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField("Kurzname (URL)", max_length=200, unique=True)
    kind = models.ForeignKey(
        "formats.FormatKind",
        verbose_name="Formatart",
        on_delete=models.PROTECT,
        related_name="series",
    )
    description = models.TextField("Beschreibung", blank=True)
    audiences = models.ManyToManyField(
        "offers.Audience", verbose_name="Zielgruppen", related_name="format_series", blank=True
    )
    topics = models.ManyToManyField(
        "offers.Topic", verbose_name="Themenfelder", related_name="format_series", blank=True
    )
    gaps = models.ManyToManyField(
        "offers.Gap", verbose_name="Leerstellen", related_name="format_series", blank=True
    )
    is_demo = models.BooleanField("Demo-Inhalt", default=False)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)

    class Meta:
        verbose_name = "Reihe"
        verbose_name_plural = "Reihen"
        ordering = ["-created_at", "title"]

    def __str__(self):
        return self.title

    def get_feed_url(self):
        return reverse("formats:series_feed", args=[self.slug])
