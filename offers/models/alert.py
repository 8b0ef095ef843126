"""Alerts for a saved search ("Suchabo"): new offers for one's own filters, by e-mail."""

import secrets

from django.db import models
from django.utils import timezone


def new_key() -> str:
    return secrets.token_hex(16)


class AlertFrequency(models.TextChoices):
    DAILY = "taeglich", "täglich"
    WEEKLY = "woechentlich", "wöchentlich"


class SearchAlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class SearchAlert(models.Model):
    """One person's alert for one catalogue selection. No account: links carry a signed key.

    Only what the alert needs is stored: the address, the filters, the rhythm and
    the times it was confirmed and last checked.
    """

    email = models.EmailField("E-Mail-Adresse")
    query = models.CharField(
        "Filter (wie in der Adresse der Angebotsliste)", max_length=2000, blank=True
    )
    frequency = models.CharField(
        "Häufigkeit", max_length=20, choices=AlertFrequency.choices, default=AlertFrequency.WEEKLY
    )
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField("angelegt", default=timezone.now)
    confirmed_at = models.DateTimeField("bestätigt am", null=True, blank=True)
    checked_until = models.DateTimeField(
        "geprüft bis",
        null=True,
        blank=True,
        help_text="Angebote, die danach veröffentlicht werden, gelten als neu.",
    )
    last_sent_at = models.DateTimeField("letzte Benachrichtigung", null=True, blank=True)

    objects = SearchAlertQuerySet.as_manager()

    class Meta:
        verbose_name = "Suchabo"
        verbose_name_plural = "Suchabos"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["confirmed_at", "checked_until"], name="alert_due_idx")]

    def __str__(self):
        state = "bestätigt" if self.confirmed_at else "unbestätigt"
        return f"Suchabo vom {timezone.localtime(self.created_at):%d.%m.%Y} ({state})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
