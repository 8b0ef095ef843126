"""The support offer (Unterstützungsangebot) and its moderation log."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager


class Delivery(models.TextChoices):
    """How an offer is delivered. The values are the URL slugs of the `durchfuehrung` filter."""

    DIGITAL_LIVE = "digital-live", "digital, live"
    DIGITAL_SELF_PACED = "digital-selbstlernen", "digital, zum Selbstlernen"
    IN_PERSON = "praesenz", "in Präsenz"
    HYBRID = "hybrid", "hybrid"


class RegionScope(models.TextChoices):
    NATIONWIDE = "bundesweit", "bundesweit"
    STATE = "land", "ein Bundesland"
    MUNICIPALITY = "kommune", "eine Kommune"


class State(models.TextChoices):
    """The sixteen Länder; the values are the URL slugs of the `region` filter."""

    BW = "baden-wuerttemberg", "Baden-Württemberg"
    BY = "bayern", "Bayern"
    BE = "berlin", "Berlin"
    BB = "brandenburg", "Brandenburg"
    HB = "bremen", "Bremen"
    HH = "hamburg", "Hamburg"
    HE = "hessen", "Hessen"
    MV = "mecklenburg-vorpommern", "Mecklenburg-Vorpommern"
    NI = "niedersachsen", "Niedersachsen"
    NW = "nordrhein-westfalen", "Nordrhein-Westfalen"
    RP = "rheinland-pfalz", "Rheinland-Pfalz"
    SL = "saarland", "Saarland"
    SN = "sachsen", "Sachsen"
    ST = "sachsen-anhalt", "Sachsen-Anhalt"
    SH = "schleswig-holstein", "Schleswig-Holstein"
    TH = "thueringen", "Thüringen"


class Language(models.TextChoices):
    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "Englisch"
    GERMAN_ENGLISH = "de-en", "Deutsch und Englisch"
    EASY_GERMAN = "de-leicht", "Deutsch, auch in Leichter Sprache"


class Principle(models.TextChoices):
    """The five properties of integrated municipal work the analysis names; each maps to a
    boolean field. The values are the URL slugs of the catalogue's `integriert` filter."""

    CROSS_DEPARTMENTAL = "ressortuebergreifend", "ressortübergreifend"
    PARTICIPATORY = "beteiligungsorientiert", "beteiligungsorientiert"
    NEEDS_ORIENTED = "bedarfsorientiert", "bedarfsorientiert"
    IMPACT_ORIENTED = "wirkungsorientiert", "wirkungsorientiert"
    # Not only what is called a planning process: projects, joint strategy work, daily practice.
    EVERYDAY_PRACTICE = "im-alltag", "im Arbeitsalltag gelebt"


PRINCIPLE_FIELDS = {
    Principle.CROSS_DEPARTMENTAL: "cross_departmental",
    Principle.PARTICIPATORY: "participatory",
    Principle.NEEDS_ORIENTED: "needs_oriented",
    Principle.IMPACT_ORIENTED: "impact_oriented",
    Principle.EVERYDAY_PRACTICE: "everyday_practice",
}


class OfferStatus(models.TextChoices):
    DRAFT = "entwurf", "Entwurf"
    SUBMITTED = "eingereicht", "eingereicht"
    PUBLISHED = "veroeffentlicht", "veröffentlicht"
    REJECTED = "abgelehnt", "abgelehnt"
    ARCHIVED = "archiviert", "archiviert"


class OfferQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Offers the public may see: published and not past their valid-until date."""
        today = today or timezone.localdate()
        return self.filter(status=OfferStatus.PUBLISHED).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def expired(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=OfferStatus.PUBLISHED, valid_until__lt=today)

    def moderation_queue(self, today=None):
        """What waits for the team, as the admin's moderation queue lists it: new
        submissions, published offers with an open change (annotated `has_open_change`)
        and published offers past their valid-until date. The admin index counts this."""
        from .pending_change import OfferChange  # pending_change refers to Offer

        today = today or timezone.localdate()
        open_changes = OfferChange.objects.open().filter(offer=models.OuterRef("pk"))
        return self.annotate(has_open_change=models.Exists(open_changes)).filter(
            models.Q(status=OfferStatus.SUBMITTED)
            | models.Q(status=OfferStatus.PUBLISHED, has_open_change=True)
            | models.Q(status=OfferStatus.PUBLISHED, valid_until__lt=today)
        )

    def for_cards(self, today=None):
        """What a result card shows, loaded without per-row queries.

        The long texts a card does not show stay in the database: on PostgreSQL
        they live in the TOAST table, and fetching them costs more than the rest.
        The next date comes as annotations (`Offer.next_date`), not as one more query.
        """
        return (
            self.select_related("provider", "offer_type")
            .prefetch_related("gaps")
            .defer("description", "learning_goals")
            .with_next_date(today)
        )

    def with_next_date(self, today=None):
        """Annotate the first date not over by `today` and how many such dates there are."""
        from .offer_date import OfferDate

        upcoming = OfferDate.objects.filter(offer=models.OuterRef("pk")).upcoming(
            today or timezone.localdate()
        )
        first = upcoming.order_by("starts_on", "ends_on", "pk")[:1]
        number = upcoming.order_by().values("offer").annotate(n=models.Count("pk")).values("n")
        return self.annotate(
            next_date_starts_on=models.Subquery(first.values("starts_on")),
            next_date_ends_on=models.Subquery(first.values("ends_on")),
            upcoming_date_count=Coalesce(models.Subquery(number), 0),
        )


class Offer(models.Model):
    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField("Kurzname (URL)", max_length=220, unique=True)
    summary = models.CharField(
        "Kurzbeschreibung",
        max_length=400,
        help_text="Ein bis zwei Sätze: Worum geht es, was nehmen Teilnehmende mit?",
    )
    description = models.TextField("Beschreibung", blank=True)
    provider = models.ForeignKey(
        "offers.Provider",
        verbose_name="Anbieter:in",
        on_delete=models.PROTECT,
        related_name="offers",
    )
    offer_type = models.ForeignKey(
        "offers.OfferType",
        verbose_name="Angebotsart",
        on_delete=models.PROTECT,
        related_name="offers",
    )
    audiences = models.ManyToManyField(
        "offers.Audience", verbose_name="Zielgruppen", related_name="offers"
    )
    topics = models.ManyToManyField(
        "offers.Topic", verbose_name="Themenfelder", related_name="offers"
    )
    gaps = models.ManyToManyField(
        "offers.Gap", verbose_name="Leerstellen", related_name="offers", blank=True
    )

    # --- Facts for planning and approving a training (issues #17, #18) ---
    competences = models.ManyToManyField(
        "offers.Competence", verbose_name="Kompetenzen", related_name="offers", blank=True
    )
    learning_goals = models.TextField(
        "Lernziele",
        blank=True,
        help_text="Was Teilnehmende danach wissen oder können; hilft beim Fortbildungsantrag.",
    )
    venue = models.CharField(
        "Veranstaltungsort",
        max_length=200,
        blank=True,
        help_text="Wo das Angebot stattfindet, z. B. „Rathaus Kassel, Obere Königsstraße 8“ "
        "oder „online (Zoom)“. Die Termine stehen unter „Termine“.",
    )
    # --- end of the facts for planning and approving a training ---

    # The five properties of integrated work this offer strengthens (Principle).
    cross_departmental = models.BooleanField("stärkt ressortübergreifendes Arbeiten", default=False)
    participatory = models.BooleanField("stärkt beteiligungsorientiertes Arbeiten", default=False)
    needs_oriented = models.BooleanField("stärkt bedarfsorientiertes Arbeiten", default=False)
    impact_oriented = models.BooleanField("stärkt wirkungsorientiertes Arbeiten", default=False)
    everyday_practice = models.BooleanField(
        "stärkt integriertes Arbeiten im Arbeitsalltag",
        default=False,
        help_text="Nicht nur in Planungsprozessen, sondern auch in Projekten, gemeinsamen "
        "Strategieprozessen und im täglichen Handeln.",
    )

    delivery = models.CharField("Durchführung", max_length=30, choices=Delivery.choices)
    duration = models.CharField(
        "Dauer",
        max_length=120,
        blank=True,
        help_text="So, wie Teilnehmende es verstehen, z. B. „3 Module à 2 Stunden“.",
    )
    time_commitment_hours = models.DecimalField(
        "Zeitaufwand insgesamt (Stunden)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text="Für die Sortierung nach Dauer; leer lassen, wenn es keinen festen Umfang gibt.",
    )
    is_free = models.BooleanField("kostenfrei", default=True)
    cost_eur = models.DecimalField(
        "Kosten (EUR)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_note = models.CharField("Hinweis zu den Kosten", max_length=200, blank=True)
    application_required = models.BooleanField(
        "Antrags- oder Bewerbungsverfahren nötig", default=False
    )
    travel_required = models.BooleanField("Anreise nötig", default=False)
    certificate = models.BooleanField("Teilnahmebescheinigung", default=False)
    region_scope = models.CharField(
        "Region", max_length=20, choices=RegionScope.choices, default=RegionScope.NATIONWIDE
    )
    state = models.CharField("Bundesland", max_length=30, choices=State.choices, blank=True)
    municipality = models.CharField("Kommune", max_length=120, blank=True)
    language = models.CharField(
        "Sprache", max_length=12, choices=Language.choices, default=Language.GERMAN
    )
    url = models.URLField("Link zum Angebot", max_length=500, blank=True)
    contact_name = models.CharField("Ansprechperson", max_length=120, blank=True)
    contact_email = models.EmailField("Kontakt-E-Mail", blank=True)
    tags = TaggableManager(
        "Schlagworte",
        blank=True,
        help_text="Methoden und Stichworte, z. B. Scrum, Kanban, Design Thinking.",
    )

    status = models.CharField(
        "Status",
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.DRAFT,
        db_index=True,
    )
    valid_until = models.DateField(
        "gültig bis",
        null=True,
        blank=True,
        help_text="Danach verschwindet das Angebot automatisch aus dem Katalog.",
    )
    is_demo = models.BooleanField("Demo-Inhalt", default=False)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("geändert", auto_now=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    published_at = models.DateTimeField("veröffentlicht am", null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField("archiviert am", null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "Angebot"
        verbose_name_plural = "Angebote"
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="offer_status_valid_idx"),
            models.Index(fields=["status", "-published_at"], name="offer_status_published_idx"),
            # The catalogue's facet counts read the published offers by this index alone
            # (PostgreSQL: an index-only scan; SQLite keeps the partial index, without INCLUDE).
            models.Index(
                fields=["valid_until", "id"],
                include=[
                    "offer_type_id",
                    "delivery",
                    "region_scope",
                    "state",
                    "is_free",
                    "application_required",
                    "travel_required",
                    "published_at",
                    # The principles of integrated work (the `integriert` facet).
                    "cross_departmental",
                    "participatory",
                    "needs_oriented",
                    "impact_oriented",
                    "everyday_practice",
                    # the filters "mit Teilnahmebescheinigung" and "Kosten bis … €"
                    "certificate",
                    "cost_eur",
                ],
                condition=models.Q(status="veroeffentlicht"),
                name="offer_published_facets_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:offer_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.is_free and self.cost_eur:
            errors["cost_eur"] = "Ein kostenfreies Angebot hat keinen Betrag. Bitte Betrag leeren."
        if not self.is_free and not self.cost_eur:
            errors["cost_eur"] = "Bitte einen Betrag in Euro angeben oder „kostenfrei“ wählen."
        if self.url and not self.url.lower().startswith(("https://", "http://")):
            errors["url"] = "Der Link muss mit https:// oder http:// beginnen."
        if self.region_scope == RegionScope.NATIONWIDE:
            if self.state or self.municipality:
                errors["region_scope"] = (
                    "Ein bundesweites Angebot hat kein Bundesland und keine Kommune."
                )
        elif self.region_scope == RegionScope.STATE:
            if not self.state:
                errors["state"] = "Bitte das Bundesland angeben."
            if self.municipality:
                errors["municipality"] = "Für ein Landesangebot bitte keine Kommune angeben."
        elif self.region_scope == RegionScope.MUNICIPALITY:
            if not self.municipality.strip():
                errors["municipality"] = "Bitte die Kommune nennen, in der das Angebot stattfindet."
            if not self.state:
                errors["state"] = "Bitte das Bundesland der Kommune angeben."
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        today = timezone.localdate()
        return self.status == OfferStatus.PUBLISHED and (
            self.valid_until is None or self.valid_until >= today
        )

    @property
    def principles(self):
        """The principles of integrated work this offer strengthens, as (value, label) pairs."""
        return [
            (principle.value, principle.label)
            for principle, field in PRINCIPLE_FIELDS.items()
            if getattr(self, field)
        ]

    @property
    def region_label(self):
        if self.region_scope == RegionScope.NATIONWIDE:
            return "bundesweit"
        if self.region_scope == RegionScope.STATE:
            return self.get_state_display()
        return f"{self.municipality} ({self.get_state_display()})"

    # --- Dates (issue #17) ---

    @property
    def next_date(self):
        """The first date not yet over, from `with_next_date()`'s annotations (or None)."""
        from .offer_date import OfferDate

        starts_on = getattr(self, "next_date_starts_on", None)
        if starts_on is None:
            return None
        return OfferDate(starts_on=starts_on, ends_on=self.next_date_ends_on)

    @property
    def more_dates_count(self):
        """How many dates besides `next_date` are not yet over."""
        return max(getattr(self, "upcoming_date_count", 0) - 1, 0)

    # --- end of dates ---

    @property
    def cost_label(self):
        if self.is_free:
            return "kostenfrei"
        amount = f"{self.cost_eur:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        if amount.endswith(",00"):
            amount = amount[:-3]
        return f"{amount} €"


class OfferTransition(models.Model):
    """One status change of an offer: who moved it, when, from where to where, and why."""

    offer = models.ForeignKey(
        Offer, verbose_name="Angebot", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("von", max_length=20, choices=OfferStatus.choices, blank=True)
    to_status = models.CharField("nach", max_length=20, choices=OfferStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("Begründung", blank=True)
    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)

    class Meta:
        verbose_name = "Statuswechsel"
        verbose_name_plural = "Statuswechsel"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.offer}: {self.get_from_status_display()} → {self.get_to_status_display()}"
