"""A record of each "your offer expires soon" e-mail, so that none is sent twice."""

from django.db import models
from django.utils import timezone


class OfferReminder(models.Model):
    """One reminder per offer and valid-until date: changing the date starts a new period."""

    offer = models.ForeignKey(
        "offers.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="reminders"
    )
    valid_until = models.DateField("für „gültig bis“")
    sent_to = models.EmailField("an")
    sent_at = models.DateTimeField("verschickt", default=timezone.now)

    class Meta:
        verbose_name = "Ablauf-Erinnerung"
        verbose_name_plural = "Ablauf-Erinnerungen"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "valid_until"], name="offer_one_reminder_per_period"
            )
        ]

    def __str__(self):
        return f"Erinnerung für „{self.offer}“ (gültig bis {self.valid_until:%d.%m.%Y})"
