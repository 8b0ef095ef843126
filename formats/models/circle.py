from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from ..time_windows import BERLIN, WEEKDAYS, Window, of_session

WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))


@dataclass(frozen=True)
class CircleMeeting:
    """One weekly meeting of a circle with its own time (not a Session of its own)."""

    start: datetime
    end: datetime
    status: str = "geplant"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "abgesagt"


class Circle(models.Model):
    """A Working-Out-Loud circle: a small fixed group of one circle start.

    The team forms circles from the members' weekly time windows
    (formats.circles), or a person starts one with a proposed time and others
    join once the team has released it. A circle meets once a week at its own time (`weekday`, `start_time`);
    without one it meets at the times of its circle start and follow-ups.
    """

    session = models.ForeignKey(
        "formats.Session",
        verbose_name="Kreisstart",
        on_delete=models.CASCADE,
        related_name="circles",
    )
    name = models.CharField("Name", max_length=80)
    theme = models.CharField(
        "Thema",
        max_length=200,
        blank=True,
        help_text="Bei selbst gestarteten Kreisen: worum es gehen soll. Erscheint öffentlich "
        "auf der Seite des Kreisstarts, ohne Namen.",
    )
    weekday = models.PositiveSmallIntegerField(
        "Wochentag", choices=WEEKDAY_CHOICES, null=True, blank=True
    )
    start_time = models.TimeField(
        "Uhrzeit (Ortszeit)",
        null=True,
        blank=True,
        help_text="Leer lassen: der Kreis trifft sich zu den Zeiten des Kreisstarts.",
    )
    is_open = models.BooleanField(
        "offen für Beitritte",
        default=False,
        help_text="Erscheint auf der Seite des Kreisstarts; Angemeldete können beitreten, "
        "solange Platz ist.",
    )
    released_at = models.DateTimeField(
        "freigegeben am",
        null=True,
        blank=True,
        editable=False,
        help_text="Ein selbst gestarteter Kreis erscheint erst nach der Freigabe durch das Team.",
    )
    started_by = models.ForeignKey(
        "formats.Registration",
        verbose_name="gestartet von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    facilitator = models.ForeignKey(
        "formats.Registration",
        verbose_name="Moderation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Eröffnet die Treffen, achtet auf die Zeit und verweist auf den Leitfaden "
        "der Woche.",
    )
    room_url = models.URLField(
        "Link zum Online-Raum des Kreises",
        max_length=500,
        blank=True,
        help_text="Leer lassen, um den Raum des Kreisstarts zu verwenden. Treffen sich zwei "
        "Kreise zur selben Zeit, braucht jeder einen eigenen Raum.",
    )
    note = models.TextField("interne Notiz", blank=True)
    sequence = models.PositiveIntegerField(
        "Version im Kalender",
        default=0,
        editable=False,
        help_text="Steigt, wenn sich die wöchentliche Zeit ändert (iCalendar SEQUENCE).",
    )
    dates_sent_at = models.DateTimeField("Termine verschickt am", null=True, blank=True)
    created_at = models.DateTimeField("angelegt", auto_now_add=True)

    class Meta:
        verbose_name = "WOL-Kreis"
        verbose_name_plural = "WOL-Kreise"
        ordering = ["session__start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="formats_circle_unique_name"),
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=True, start_time__isnull=True)
                | models.Q(weekday__isnull=False, start_time__isnull=False),
                name="formats_circle_weekday_with_time",
                violation_error_message="Bitte Wochentag und Uhrzeit zusammen angeben.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.session.title})"

    @property
    def awaits_release(self) -> bool:
        """A circle a person started that the team has not checked and listed yet."""
        return self.started_by_id is not None and self.released_at is None

    @property
    def window(self) -> Window:
        """The weekly time the circle meets: its own, else that of its circle start."""
        if self.weekday is None or self.start_time is None:
            return of_session(self.session)
        return Window(self.weekday, self.start_time.replace(second=0, microsecond=0))

    @property
    def meets_with_start(self) -> bool:
        """True when the circle meets at the circle start's times (its follow-ups are its dates)."""
        return self.window == of_session(self.session)

    @property
    def calendar_uid(self) -> str:
        return f"wol-kreis-{self.pk}-{self.session.uid}"

    @property
    def meeting_minutes(self) -> int:
        return self.session.duration_minutes

    @property
    def meeting_label(self) -> str:
        """ "dienstags, 12:00–13:00 Uhr" """
        return self.window.label(self.meeting_minutes)

    @property
    def meeting_count(self) -> int:
        return self.session.kind.meetings_per_circle

    def first_meeting(self) -> datetime:
        """The first meeting: the circle's weekday in the week of the circle start, or later."""
        start_day = timezone.localtime(self.session.start, BERLIN).date()
        window = self.window
        day = start_day + timedelta(days=(window.weekday - start_day.weekday()) % 7)
        return datetime.combine(day, window.start, tzinfo=BERLIN)

    def weekly_meetings(self) -> list[CircleMeeting]:
        """Each weekly meeting in Berlin time, built on the wall clock (12:00 stays 12:00
        across the change to summer time). All are cancelled when the circle start is."""
        first = self.first_meeting()
        length = timedelta(minutes=self.meeting_minutes)
        status = self.session.status
        meetings = []
        for week in range(self.meeting_count):
            day = first.date() + timedelta(weeks=week)
            start = datetime.combine(day, first.time(), tzinfo=BERLIN)
            meetings.append(CircleMeeting(start, start + length, status))
        return meetings
