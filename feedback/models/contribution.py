"""A contribution from a Mitdenker:in and its moderation log."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone


class ContributionKind(models.TextChoices):
    EXPERIENCE = "erfahrung", "Erfahrung teilen"
    COMMENT = "kommentar", "Kommentar"
    OBJECTION = "widerspruch", "Widerspruch"
    DISCOURSE = "diskursanfrage", "Diskursanfrage"
    HINT = "hinweis", "Hinweis: „Was haben wir übersehen?“"
    BARRIER = "barriere", "Barriere melden"
    JOIN = "mitmachen", "Mitmachen in der Initiative"
    COOPERATION = "kooperation", "Kooperationsanfrage"


class AuthorRole(models.TextChoices):
    MUNICIPAL = "kommunal", "kommunale:r Akteur:in"
    PROVIDER = "anbieter", "Anbieter:in"
    OTHER = "andere", "andere"


class ContributionStatus(models.TextChoices):
    NEW = "neu", "neu"
    IN_PROGRESS = "in-bearbeitung", "in Bearbeitung"
    ANSWERED = "beantwortet", "beantwortet"
    PUBLISHED = "veroeffentlicht", "veröffentlicht"
    ARCHIVED = "archiviert", "archiviert"


class PublicName(models.TextChoices):
    """How an author who opted in to publication wants to appear."""

    WITH_NAME = "mit-namen", "mit Namen"
    ANONYMOUS = "anonym", "anonym"


ANONYMOUS_LABEL = "anonym"


def inbox_ordering():
    """The moderation inbox order: new contributions first, then the newest."""
    new_first = Case(
        When(status=ContributionStatus.NEW, then=Value(0)),
        default=Value(1),
        output_field=models.IntegerField(),
    )
    return [new_first.asc(), "-created_at", "-id"]


class ContributionQuerySet(models.QuerySet):
    def public(self):
        """Contributions the public may see: published by the team AND opted in by the author.

        Each row carries `display_name`, chosen per the author's wish, and the
        contact fields are not loaded at all.
        """
        return (
            self.filter(status=ContributionStatus.PUBLISHED, public_opt_in=True)
            .annotate(
                display_name=Case(
                    When(Q(public_name=PublicName.WITH_NAME) & ~Q(name=""), then=F("name")),
                    default=Value(ANONYMOUS_LABEL),
                    output_field=models.CharField(),
                )
            )
            .only("id", "kind", "text", "public_answer", "created_at", "published_at", "gap")
        )


class Contribution(models.Model):
    kind = models.CharField("Art des Beitrags", max_length=20, choices=ContributionKind.choices)
    role = models.CharField("Ich schreibe als", max_length=20, choices=AuthorRole.choices)
    name = models.CharField("Name", max_length=120, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    organisation = models.CharField("Organisation / Kommune", max_length=200, blank=True)
    gap = models.ForeignKey(
        "offers.Gap",
        verbose_name="bezieht sich auf Leerstelle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name="bezieht sich auf Angebot",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    text = models.TextField("Beitrag", blank=True)
    consent_at = models.DateTimeField("Einwilligung Datenverarbeitung am", null=True, blank=True)
    public_opt_in = models.BooleanField(
        "darf öffentlich gezeigt werden",
        default=False,
        help_text="Entscheidung der Verfasser:in. Nur dann kann der Beitrag veröffentlicht werden.",
    )
    public_name = models.CharField(
        "öffentlich zeigen",
        max_length=12,
        choices=PublicName.choices,
        default=PublicName.ANONYMOUS,
    )

    status = models.CharField(
        "Status",
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.NEW,
        db_index=True,
    )
    internal_note = models.TextField(
        "Interne Notiz",
        blank=True,
        help_text="Nur für das Initiativteam sichtbar, nie öffentlich und nie in E-Mails.",
    )
    public_answer = models.TextField(
        "Öffentliche Antwort des Initiativteams",
        blank=True,
        help_text="Erscheint unter dem Beitrag, wenn er veröffentlicht ist.",
    )

    created_at = models.DateTimeField("eingegangen", default=timezone.now, db_index=True)
    published_at = models.DateTimeField("veröffentlicht am", null=True, blank=True)
    last_activity_at = models.DateTimeField(
        "letzte Aktivität",
        default=timezone.now,
        help_text="Maßgeblich für die Aufbewahrungsfrist.",
    )
    anonymised_at = models.DateTimeField("anonymisiert am", null=True, blank=True)
    is_demo = models.BooleanField("Demo-Inhalt", default=False)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = "Beitrag"
        verbose_name_plural = "Beiträge"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["gap", "status", "public_opt_in"], name="contribution_public_idx"),
        ]

    def __str__(self):
        who = self.name or ANONYMOUS_LABEL
        return (
            f"{self.get_kind_display()} von {who} ({timezone.localdate(self.created_at):%d.%m.%Y})"
        )


class ContributionTransition(models.Model):
    """One status change of a contribution: who, when, from where to where."""

    contribution = models.ForeignKey(
        Contribution, verbose_name="Beitrag", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        "von", max_length=20, choices=ContributionStatus.choices, blank=True
    )
    to_status = models.CharField("nach", max_length=20, choices=ContributionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("Anlass", max_length=200, blank=True)
    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)

    class Meta:
        verbose_name = "Statuswechsel"
        verbose_name_plural = "Statuswechsel"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
