"""Vocabularies the team edits in the admin: audiences, fields, gaps, offer types, competences."""

from django.db import models


class VocabularyQuerySet(models.QuerySet):
    def by_slugs(self, slugs):
        return self.filter(slug__in=slugs)


class Vocabulary(models.Model):
    name = models.CharField("Bezeichnung", max_length=120, unique=True)
    slug = models.SlugField(
        "Kurzname (URL)",
        max_length=80,
        unique=True,
        help_text="Stabiler Wert in Adressen und Filtern, z. B. „fuehrungskraefte“. Nach dem "
        "Veröffentlichen nicht mehr ändern, sonst brechen Lesezeichen.",
    )
    description = models.TextField("Beschreibung", blank=True)
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Audience(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "Zielgruppe"
        verbose_name_plural = "Zielgruppen"


class Topic(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "Themenfeld"
        verbose_name_plural = "Themenfelder"


class OfferType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "Angebotsart"
        verbose_name_plural = "Angebotsarten"


class Gap(Vocabulary):
    """One of the five gaps ("Leerstellen") the initiative's analysis found."""

    number = models.PositiveSmallIntegerField("Nummer", unique=True)
    teaser = models.CharField("Kurzbeschreibung", max_length=300, blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = "Leerstelle"
        verbose_name_plural = "Leerstellen"
        ordering = ["number"]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("offers:gap_detail", args=[self.slug])


class Competence(Vocabulary):
    """A competence an offer builds, after the Kompetenzprofil Jugendhilfeplanung."""

    class Meta(Vocabulary.Meta):
        verbose_name = "Kompetenz"
        verbose_name_plural = "Kompetenzen"
