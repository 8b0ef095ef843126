from django.db import models


class ProviderQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)


class Provider(models.Model):
    """An organisation or person offering support (Anbieter:in)."""

    class Kind(models.TextChoices):
        ASSOCIATION = "verein", "Verein / Verband"
        UNIVERSITY = "hochschule", "Hochschule / Forschung"
        FOUNDATION = "stiftung", "Stiftung"
        STATE = "land", "Landesinstitut / Landesbehörde"
        FEDERAL = "bund", "Bundeseinrichtung"
        MUNICIPALITY = "kommune", "Kommune"
        CONSULTANCY = "beratung", "Beratung / Unternehmen"
        NETWORK = "netzwerk", "Netzwerk / Initiative"
        OTHER = "andere", "Andere"

    name = models.CharField("Name", max_length=200)
    slug = models.SlugField("Kurzname (URL)", max_length=220, unique=True)
    kind = models.CharField("Art", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField("Website", blank=True)
    email = models.EmailField("E-Mail", blank=True)
    description = models.TextField("Beschreibung", blank=True)
    is_approved = models.BooleanField(
        "freigegeben",
        default=False,
        help_text="Neue Anbieter:innen aus dem Einreichungsformular warten auf Freigabe.",
    )
    is_demo = models.BooleanField("Demo-Inhalt", default=False)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("geändert", auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = "Anbieter:in"
        verbose_name_plural = "Anbieter:innen"
        ordering = ["name"]

    def __str__(self):
        return self.name
