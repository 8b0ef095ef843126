"""The record of a DSGVO erasure (Art. 17): who, when, counts — never the address in clear."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ErasureRecord(models.Model):
    email_hash = models.CharField(
        "Adresse (Hash)",
        max_length=64,
        db_index=True,
        help_text="Keyed hash of the lower-cased address; the address itself is not stored.",
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="durchgeführt von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    performed_at = models.DateTimeField("durchgeführt am", default=timezone.now)
    counts = models.JSONField("geänderte Datensätze je Bereich", default=dict)

    class Meta:
        verbose_name = "DSGVO-Löschung"
        verbose_name_plural = "DSGVO-Löschungen"
        ordering = ["-performed_at"]
        permissions = [
            ("export_personal_data", "Darf DSGVO-Auskünfte (Art. 15) erstellen"),
            ("erase_personal_data", "Darf personenbezogene Daten löschen (Art. 17)"),
        ]

    def __str__(self):
        return f"Löschung vom {timezone.localtime(self.performed_at):%d.%m.%Y %H:%M}"

    @property
    def total(self):
        return sum(value for value in self.counts.values() if isinstance(value, int))
