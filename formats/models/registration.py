"""A person's registration for a session. State changes go through formats.services."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "bestaetigt", "bestätigt"
    WAITING = "warteliste", "Warteliste"
    CANCELLED = "storniert", "storniert"


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting_in_order(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    session = models.ForeignKey(
        "formats.Session",
        verbose_name="Termin",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField("Name", max_length=120)
    email = models.EmailField("E-Mail")
    organisation = models.CharField("Organisation / Dienststelle", max_length=200)
    municipality = models.CharField("Kommune", max_length=120, blank=True)
    role = models.ForeignKey(
        "offers.Audience",
        verbose_name="Rolle",
        on_delete=models.PROTECT,
        related_name="format_registrations",
    )
    note = models.TextField("Anmerkung", max_length=1000, blank=True)
    # WOL circles only: what the person works towards, and when they could meet each week.
    goal = models.TextField("Ziel für den Kreis", max_length=500, blank=True)
    time_windows = models.JSONField(
        "mögliche wöchentliche Zeitfenster",
        default=list,
        blank=True,
        help_text="Codes „Wochentag-Uhrzeit“ (0 = Montag), z. B. 1-12:00 für dienstags 12 Uhr.",
    )
    wants_to_facilitate = models.BooleanField("würde den Kreis moderieren", default=False)
    consent_at = models.DateTimeField("Einwilligung am")
    status = models.CharField(
        "Status",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.WAITING,
        db_index=True,
    )
    created_at = models.DateTimeField("angemeldet am", default=timezone.now)
    confirmed_at = models.DateTimeField("bestätigt am", null=True, blank=True)
    cancelled_at = models.DateTimeField("storniert am", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("Erinnerung gesendet am", null=True, blank=True)
    # WOL only: the circle start's own dates went to this person's calendar (e.g. a circle
    # that met at the start's time); they are withdrawn once their circle meets elsewhere.
    start_dates_in_calendar = models.BooleanField(
        "Termine des Kreisstarts im Kalender", default=False, editable=False
    )
    feedback_requested_at = models.DateTimeField("um Rückmeldung gebeten am", null=True, blank=True)
    # The token itself is only ever in the person's e-mails; see formats.tokens.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_nonce = models.CharField(max_length=64, editable=False)
    tandem_partner = models.OneToOneField(
        "self",
        verbose_name="Tandem mit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    circle = models.ForeignKey(
        "formats.Circle",
        verbose_name="Kreis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    is_demo = models.BooleanField("Demo-Inhalt", default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "Anmeldung"
        verbose_name_plural = "Anmeldungen"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=~Q(status="storniert"),
                name="formats_one_active_registration_per_email",
                violation_error_message="Mit dieser E-Mail-Adresse besteht schon eine Anmeldung.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["session", "status", "created_at"], name="formats_reg_waiting_idx"
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.session.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def waiting_position(self) -> int | None:
        """Place on the waiting list (1 = next to move up), None when not waiting.

        A tandem waits as one unit: both partners have the same place, and an
        earlier tandem counts as one place ahead.
        """
        if self.status != RegistrationStatus.WAITING:
            return None
        ahead = (
            Registration.objects.filter(session_id=self.session_id)
            .waiting_in_order()
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .exclude(pk=self.tandem_partner_id or 0)
            .values_list("pk", "tandem_partner_id")
        )
        units = set()
        for pk, partner in ahead:
            units.add(min(pk, partner) if partner else pk)
        return len(units) + 1
