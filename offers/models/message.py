"""What the team told a provider: the public side of moderation.

Messages are e-mailed and shown on the provider's edit page. The team's internal
reasons live in the transition log (`OfferTransition.reason`), which providers never see.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OfferMessage(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "veroeffentlicht", "Angebot veröffentlicht"
        REJECTED = "abgelehnt", "Angebot abgelehnt"
        CHANGES_REQUESTED = "aenderungen-erbeten", "Änderungen erbeten"
        CHANGE_APPROVED = "aenderung-uebernommen", "Änderung übernommen"
        CHANGE_REJECTED = "aenderung-abgelehnt", "Änderung abgelehnt"

    offer = models.ForeignKey(
        "offers.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField("Anlass", max_length=30, choices=Kind.choices)
    text = models.TextField("Nachricht", blank=True)
    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    emailed_to = models.EmailField("per E-Mail an", blank=True)
    email_sent = models.BooleanField("E-Mail verschickt", default=False)

    class Meta:
        verbose_name = "Nachricht an Anbieter:in"
        verbose_name_plural = "Nachrichten an Anbieter:innen"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.offer}"
