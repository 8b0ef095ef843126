"""A dated session of a format, and the seats it has."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .. import slides
from .registration import RegistrationStatus


class SessionStatus(models.TextChoices):
    PLANNED = "geplant", "geplant"
    CANCELLED = "abgesagt", "abgesagt"
    HELD = "durchgefuehrt", "durchgeführt"


# Changes to these fields change what a calendar shows, so they raise SEQUENCE.
CALENDAR_FIELDS = ("title", "description", "start", "end", "status", "host", "room_url")


def new_uid() -> str:
    return f"{uuid.uuid4()}@kommune360"


def _words(text: str) -> str:
    """Lower case, hyphens as spaces: "Lean-Coffee-Runde" and "Lean Coffee" compare alike."""
    return " ".join(re.sub(r"[-‐–]", " ", text).casefold().split())


def names_kind(title: str, kind_name: str) -> bool:
    """Whether `title` already starts with the format's name ("Lean-Coffee-Runde: …")."""
    return bool(kind_name) and _words(title).startswith(_words(kind_name))


# Without a limit set in the admin, the waiting list holds this many times the seats:
# beyond that, the chance of moving up is too small to promise anything.
WAITING_LIST_FACTOR = 3


class SessionQuerySet(models.QuerySet):
    def listed(self):
        """Sessions people register for: single sessions and circle starts, not follow-ups."""
        return self.filter(parent__isnull=True)

    def upcoming(self, now=None):
        """Sessions that have not ended yet, including cancelled ones (they are shown as such)."""
        return self.filter(end__gt=now or timezone.now())

    def with_seats(self):
        """Annotate `confirmed_count` and `waiting_count` in the same query."""
        return self.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )


class Session(models.Model):
    """One dated meeting. Times are stored in UTC and shown in Europe/Berlin.

    A WOL circle start is a session whose follow-up meetings point to it via
    `parent`; people register for the start and hold their seat for all meetings.
    """

    series = models.ForeignKey(
        "formats.Series",
        verbose_name="Reihe",
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
    )
    kind = models.ForeignKey(
        "formats.FormatKind",
        verbose_name="Formatart",
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="Folgetermin von",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        null=True,
        blank=True,
        help_text="Nur für WOL-Circles: die Treffen 2 bis 12 gehören zum Kreisstart, "
        "dort melden sich Teilnehmende an.",
    )
    title = models.CharField("Titel / Thema", max_length=200)
    slug = models.SlugField("Kurzname (URL)", max_length=220, unique=True)
    description = models.TextField("Worum es geht", blank=True)
    start = models.DateTimeField("Beginn")
    end = models.DateTimeField("Ende")
    room_url = models.URLField(
        "Link zum Online-Raum",
        max_length=500,
        blank=True,
        help_text="Erscheint nie auf öffentlichen Seiten, nur in E-Mails an bestätigte "
        "Teilnehmende.",
    )
    host = models.CharField("Moderation / Referent:in", max_length=200, blank=True)
    audiences = models.ManyToManyField(
        "offers.Audience", verbose_name="Zielgruppen", related_name="format_sessions", blank=True
    )
    topics = models.ManyToManyField(
        "offers.Topic", verbose_name="Themenfelder", related_name="format_sessions", blank=True
    )
    capacity = models.PositiveSmallIntegerField("Plätze")
    waiting_list_limit = models.PositiveSmallIntegerField(
        "Plätze auf der Warteliste",
        null=True,
        blank=True,
        help_text=(
            f"Leer lassen: {WAITING_LIST_FACTOR}-mal so viele wie Plätze. "
            "0: keine Warteliste, ausgebucht heißt dann ausgebucht."
        ),
    )
    registration_deadline = models.DateTimeField(
        "Anmeldeschluss", null=True, blank=True, help_text="Leer lassen: Anmeldung bis zum Beginn."
    )
    status = models.CharField(
        "Status", max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    sequence = models.PositiveIntegerField(
        "Version im Kalender",
        default=0,
        editable=False,
        help_text="Steigt bei jeder Änderung von Zeit, Titel, Status oder Raum (iCalendar SEQUENCE).",
    )
    uid = models.CharField(
        "Kalender-ID", max_length=100, unique=True, default=new_uid, editable=False
    )
    # After the talk: what people can look at again.
    slides = models.FileField(
        "Folien",
        upload_to=slides.upload_to,
        blank=True,
        validators=[slides.validate_slides],
        help_text="PDF, .pptx oder .odp, höchstens 25 MB. Erscheint nach dem Termin auf seiner "
        "Seite zum Herunterladen.",
    )
    recording_url = models.URLField(
        "Link zur Aufzeichnung",
        max_length=500,
        blank=True,
        help_text="Erscheint nach dem Termin auf seiner Seite.",
    )
    is_demo = models.BooleanField("Demo-Inhalt", default=False)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("geändert", auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "Termin"
        verbose_name_plural = "Termine"
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "start"], name="formats_session_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="formats_session_end_after_start"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.title} ({date_format(local, 'SHORT_DATETIME_FORMAT')})"

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_calendar_snapshot", None)
        if self.pk and snapshot:
            changed = [
                name
                for name, old in snapshot.items()
                if self._meta.get_field(name).to_python(getattr(self, name)) != old
            ]
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                changed = [name for name in changed if name in update_fields]
            if changed:
                self.sequence += 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)
        self._calendar_snapshot = {name: getattr(self, name) for name in CALENDAR_FIELDS}

    def get_absolute_url(self):
        return reverse("formats:session_detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._calendar_snapshot = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in CALENDAR_FIELDS
        }
        return instance

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "Das Ende muss nach dem Beginn liegen."
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = (
                "Der Anmeldeschluss darf nicht nach dem Beginn liegen."
            )
        if self.series_id and self.kind_id and self.series.kind_id != self.kind_id:
            errors["kind"] = "Die Formatart muss zur Reihe passen."
        if self.parent_id:
            if self.parent_id == self.pk or self.parent.parent_id:
                errors["parent"] = "Bitte den Kreisstart wählen, nicht einen Folgetermin."
            elif self.parent.series_id != self.series_id:
                errors["parent"] = "Der Kreisstart muss zur selben Reihe gehören."
        if errors:
            raise ValidationError(errors)

    def get_ics_url(self):
        return reverse("formats:session_ics", args=[self.slug])

    @property
    def full_title(self) -> str:
        """The title where it stands alone (e-mail subject, calendar entry, record).

        The format's name goes in front unless the title already names it, so
        "Lean-Coffee-Runde: Was bewegt Sie?" is not doubled to "Lean Coffee: Lean-Coffee-Runde: …".
        """
        if names_kind(self.title, self.kind.name):
            return self.title
        return f"{self.kind.name}: {self.title}"

    @property
    def has_material(self) -> bool:
        """Slides or a recording to show, once the talk is over."""
        return self.is_past and not self.is_cancelled and bool(self.slides or self.recording_url)

    @property
    def slides_label(self) -> str:
        """ "PDF, 2,1 MB" for the download link; without a size when the file is missing."""
        kind = slides.extension(self.slides.name).lstrip(".").upper()
        try:
            return f"{kind}, {filesizeformat(self.slides.size)}"
        except OSError:
            return kind

    @property
    def registration_target(self) -> "Session":
        """The session people register at: the circle start for a follow-up meeting."""
        return self.parent if self.parent_id else self

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def effective_deadline(self):
        return self.registration_deadline or self.start

    def _count(self, status) -> int:
        attribute = {
            RegistrationStatus.CONFIRMED: "confirmed_count",
            RegistrationStatus.WAITING: "waiting_count",
        }[status]
        if hasattr(self, attribute):
            return getattr(self, attribute)
        return self.registrations.filter(status=status).count()

    @property
    def seats_taken(self) -> int:
        return self._count(RegistrationStatus.CONFIRMED)

    @property
    def waiting(self) -> int:
        return self._count(RegistrationStatus.WAITING)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def waiting_list_cap(self) -> int:
        """How many people may wait for a seat: the admin's limit, else a multiple of the seats."""
        if self.waiting_list_limit is not None:
            return self.waiting_list_limit
        return WAITING_LIST_FACTOR * self.capacity

    @property
    def waiting_list_full(self) -> bool:
        """No seat left and nobody else may wait (also when the limit is 0)."""
        return self.seats_left == 0 and self.waiting >= self.waiting_list_cap

    def registration_closed_reason(self, now=None) -> str:
        """Why nobody can register right now, in German; empty when registration is open."""
        now = now or timezone.now()
        if self.parent_id:
            return "Die Anmeldung gilt für den ganzen Kreis und läuft über den ersten Termin."
        if self.status == SessionStatus.CANCELLED:
            return "Dieser Termin wurde abgesagt."
        if self.status == SessionStatus.HELD or self.end <= now:
            return "Dieser Termin hat bereits stattgefunden."
        if self.start <= now:
            return "Dieser Termin hat bereits begonnen. Eine Anmeldung ist nicht mehr möglich."
        if self.effective_deadline <= now:
            deadline = date_format(timezone.localtime(self.effective_deadline), "DATETIME_FORMAT")
            return f"Die Anmeldefrist ist abgelaufen ({deadline} Uhr)."
        return ""
