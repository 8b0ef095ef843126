"""A reply e-mail the team sent to the author of a contribution."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ContributionReply(models.Model):
    contribution = models.ForeignKey(
        "feedback.Contribution",
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="replies",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gesendet von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField("gesendet am", default=timezone.now)
    subject = models.CharField("Betreff", max_length=200)
    body = models.TextField("Text")

    class Meta:
        verbose_name = "Antwort-E-Mail"
        verbose_name_plural = "Antwort-E-Mails"
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.subject} ({timezone.localtime(self.sent_at):%d.%m.%Y %H:%M})"
