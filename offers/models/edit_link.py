"""Private edit links: the only way a provider (without an account) reaches their offer."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EditLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class OfferEditLink(models.Model):
    """One private link to edit an offer. Only the SHA-256 hash of the token is stored.

    A link stays valid until the team revokes it; there is no expiry date, because
    providers keep the first e-mail for years and come back to update their offer.
    """

    class Purpose(models.TextChoices):
        SUBMITTED = "eingereicht", "nach dem Einreichen"
        CHANGES_REQUESTED = "aenderungen-erbeten", "mit der Bitte um Änderungen"
        REMINDER = "erinnerung", "mit der Erinnerung vor Ablauf"
        REISSUED = "neu-ausgestellt", "vom Team neu ausgestellt"
        REQUESTED = "angefordert", "von der Anbieter:in angefordert (Übersicht)"

    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name="Angebot",
        on_delete=models.CASCADE,
        related_name="edit_links",
    )
    token_hash = models.CharField("Prüfwert (SHA-256)", max_length=64, unique=True, editable=False)
    purpose = models.CharField("verschickt", max_length=30, choices=Purpose.choices)
    sent_to = models.EmailField("an", blank=True)
    created_at = models.DateTimeField("ausgestellt", default=timezone.now)
    last_used_at = models.DateTimeField("zuletzt benutzt", null=True, blank=True)
    revoked_at = models.DateTimeField("widerrufen am", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="widerrufen durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EditLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "Bearbeitungslink"
        verbose_name_plural = "Bearbeitungslinks"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        state = "widerrufen" if self.revoked_at else "gültig"
        return (
            f"Link für „{self.offer}“ vom {timezone.localtime(self.created_at):%d.%m.%Y} ({state})"
        )

    @property
    def is_active(self):
        return self.revoked_at is None
