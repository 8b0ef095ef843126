"""Cooperation requests: the small pipeline the team works through."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from offers.models import Provider


class CooperationStatus(models.TextChoices):
    NEW = "neu", "neu"
    IN_TALKS = "im-gespraech", "im Gespräch"
    AGREED = "vereinbart", "vereinbart"
    DECLINED = "abgelehnt", "abgelehnt"


OPEN_STATUSES = (CooperationStatus.NEW, CooperationStatus.IN_TALKS)


class PreferredContact(models.TextChoices):
    EMAIL = "email", "per E-Mail"
    PHONE = "telefon", "per Telefon"


# The kinds of organisation are the same as for providers of offers.
OrganisationType = Provider.Kind


class CooperationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Open requests whose next step was due before `today`."""
        today = today or timezone.localdate()
        return self.open().filter(next_step_due__lt=today)


class CooperationRequest(models.Model):
    contribution = models.OneToOneField(
        "feedback.Contribution",
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="cooperation",
    )
    organisation_type = models.CharField(
        "Art der Organisation", max_length=20, choices=OrganisationType.choices
    )
    offer_or_seek = models.TextField("Was bietet oder sucht die Organisation?", blank=True)
    preferred_contact = models.CharField(
        "bevorzugter Kontaktweg",
        max_length=10,
        choices=PreferredContact.choices,
        default=PreferredContact.EMAIL,
    )
    phone = models.CharField("Telefon", max_length=40, blank=True)

    status = models.CharField(
        "Stand",
        max_length=20,
        choices=CooperationStatus.choices,
        default=CooperationStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="zuständig im Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"is_staff": True, "is_active": True},
        related_name="+",
    )
    next_step = models.CharField("nächster Schritt", max_length=300, blank=True)
    next_step_due = models.DateField("nächster Schritt bis", null=True, blank=True)
    created_at = models.DateTimeField("eingegangen", default=timezone.now)
    updated_at = models.DateTimeField("geändert", auto_now=True)

    objects = CooperationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "Kooperationsanfrage"
        verbose_name_plural = "Kooperationsanfragen"
        ordering = ["next_step_due", "-created_at"]

    def __str__(self):
        who = self.contribution.organisation or self.contribution.name or "ohne Namen"
        return f"Kooperation: {who}"

    def clean(self):
        if self.next_step_due and not self.next_step.strip():
            raise ValidationError(
                {"next_step": "Bitte beschreiben Sie den nächsten Schritt zu diesem Datum."}
            )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return bool(
            self.is_open and self.next_step_due and self.next_step_due < timezone.localdate()
        )
