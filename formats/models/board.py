"""The Lean Coffee board of a session: topics, dot votes and timeboxes."""

from datetime import timedelta

from django.db import models


class TopicColumn(models.TextChoices):
    TO_DISCUSS = "offen", "zu besprechen"
    DISCUSSING = "laufend", "im Gespräch"
    DONE = "besprochen", "besprochen"


class BoardTopicQuerySet(models.QuerySet):
    def pending(self):
        """Topics proposed for a series' next round before that round was scheduled."""
        return self.filter(session__isnull=True)


class BoardTopic(models.Model):
    """A topic on a round's board; or, with a series but no session yet, a proposal
    waiting for the series' next round (formats.board.attach_pending_topics)."""

    session = models.ForeignKey(
        "formats.Session",
        verbose_name="Termin",
        on_delete=models.CASCADE,
        related_name="board_topics",
        null=True,
        blank=True,
        help_text="Leer bei einem Vorschlag für die nächste Runde, die noch nicht geplant ist.",
    )
    series = models.ForeignKey(
        "formats.Series",
        verbose_name="Reihe",
        on_delete=models.CASCADE,
        related_name="board_topics",
        null=True,
        blank=True,
        help_text="Die Reihe, für deren nächste Runde das Thema vorgeschlagen wurde.",
    )
    for_round_after = models.DateTimeField(
        "für die Runde nach",
        null=True,
        blank=True,
        help_text="Beginn der Runde, in der das Thema für die nächste vorgeschlagen wurde: Es "
        "kommt auf das Board der ersten Runde der Reihe, die danach beginnt.",
    )
    title = models.CharField("Thema", max_length=200)
    proposed_by = models.ForeignKey(
        "formats.Registration",
        verbose_name="vorgeschlagen von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_topics",
    )
    column = models.CharField(
        "Spalte", max_length=20, choices=TopicColumn.choices, default=TopicColumn.TO_DISCUSS
    )
    notes = models.TextField("Notizen", blank=True, max_length=5000)
    also_proposed_as = models.JSONField(
        "auch vorgeschlagen als",
        default=list,
        blank=True,
        help_text="Titel der Themen, die die Moderation mit diesem zusammengeführt hat.",
    )
    started_at = models.DateTimeField("ins Gespräch genommen", null=True, blank=True)
    created_at = models.DateTimeField("vorgeschlagen am", auto_now_add=True)

    objects = BoardTopicQuerySet.as_manager()

    class Meta:
        verbose_name = "Lean-Coffee-Thema"
        verbose_name_plural = "Lean-Coffee-Themen"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session__isnull=False) | models.Q(series__isnull=False),
                name="formats_topic_on_a_board_or_for_a_series",
                violation_error_message="Ein Thema gehört zu einem Termin oder zu einer Reihe.",
            ),
        ]

    def __str__(self):
        return self.title


class BoardVote(models.Model):
    """One dot of a participant on a topic; each participant has three per round."""

    topic = models.ForeignKey(BoardTopic, on_delete=models.CASCADE, related_name="votes")
    registration = models.ForeignKey(
        "formats.Registration", on_delete=models.CASCADE, related_name="board_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Punkt"
        verbose_name_plural = "Punkte"
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "registration"], name="formats_one_vote_per_topic"
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} → {self.topic}"


class TimeboxDecision(models.TextChoices):
    CONTINUE = "weiter", "weiter sprechen"
    MOVE_ON = "naechstes", "nächstes Thema"


class Timebox(models.Model):
    topic = models.ForeignKey(BoardTopic, on_delete=models.CASCADE, related_name="timeboxes")
    minutes = models.PositiveSmallIntegerField("Minuten")
    started_at = models.DateTimeField("Beginn")
    ended_at = models.DateTimeField("Ende", null=True, blank=True)
    thumbs_up = models.PositiveSmallIntegerField("Daumen hoch (weiter)", null=True, blank=True)
    thumbs_down = models.PositiveSmallIntegerField(
        "Daumen runter (nächstes Thema)", null=True, blank=True
    )
    decision = models.CharField(
        "Entscheidung", max_length=20, choices=TimeboxDecision.choices, blank=True
    )

    class Meta:
        verbose_name = "Zeitfenster"
        verbose_name_plural = "Zeitfenster"
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.topic}: {self.minutes} Minuten"

    @property
    def ends_at(self):
        return self.started_at + timedelta(minutes=self.minutes)


class BoardAction(models.Model):
    """A step the round agreed on, for the record: what, and optionally who."""

    session = models.ForeignKey(
        "formats.Session",
        verbose_name="Termin",
        on_delete=models.CASCADE,
        related_name="board_actions",
    )
    topic = models.ForeignKey(
        BoardTopic,
        verbose_name="zum Thema",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    text = models.CharField("Vereinbarung", max_length=300)
    owner = models.CharField("Wer", max_length=120, blank=True)
    created_at = models.DateTimeField("festgehalten am", auto_now_add=True)

    class Meta:
        verbose_name = "vereinbarter Schritt"
        verbose_name_plural = "vereinbarte Schritte"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text
