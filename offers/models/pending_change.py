"""A change a provider proposed for a published offer, waiting for the team."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OfferChangeStatus(models.TextChoices):
    OPEN = "offen", "wartet auf Prüfung"
    APPROVED = "uebernommen", "übernommen"
    REJECTED = "abgelehnt", "abgelehnt"
    SUPERSEDED = "erledigt", "erledigt (Angebot anders bearbeitet)"


class OfferChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OfferChangeStatus.OPEN)


class OfferChange(models.Model):
    """Proposed values for an offer, kept beside the live offer until the team decides.

    `values` holds every field the provider can edit, in the JSON shape of
    `offers.submission.values.values_from_form` (vocabularies as slugs, tags as names,
    the provider as name/kind/website/e-mail). At most one change per offer is open;
    a new edit through the link updates it.
    """

    offer = models.ForeignKey(
        "offers.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="changes"
    )
    values = models.JSONField("vorgeschlagene Angaben", default=dict)
    status = models.CharField(
        "Status",
        max_length=20,
        choices=OfferChangeStatus.choices,
        default=OfferChangeStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField("eingegangen", default=timezone.now)
    updated_at = models.DateTimeField("zuletzt geändert", default=timezone.now)
    decided_at = models.DateTimeField("entschieden am", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="entschieden durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(
        "Begründung an die Anbieter:in",
        blank=True,
        help_text="Bei einer Ablehnung: Was die Anbieter:in per E-Mail und auf ihrer "
        "Bearbeitungsseite liest.",
    )

    objects = OfferChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "Änderungsvorschlag"
        verbose_name_plural = "Änderungsvorschläge"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(status="offen"),
                name="offer_one_open_change",
            )
        ]

    def __str__(self):
        return f"Änderung an „{self.offer}“ vom {timezone.localtime(self.created_at):%d.%m.%Y}"

    @property
    def is_open(self):
        return self.status == OfferChangeStatus.OPEN
