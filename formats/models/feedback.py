"""A participant's answer to the one question after a talk: a rating and a comment."""

from django.db import models
from django.db.models import Avg, Count, Q


class TalkFeedbackQuerySet(models.QuerySet):
    def summary(self) -> dict:
        """{"count", "average", "distribution" (rating → count), "comments"} of these answers."""
        numbers = self.aggregate(
            count=Count("pk"),
            average=Avg("rating"),
            **{f"r{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
        )
        return {
            "count": numbers["count"],
            "average": numbers["average"],
            "distribution": {n: numbers[f"r{n}"] for n in range(1, 6)},
        }


class TalkFeedback(models.Model):
    RATINGS = [
        (1, "1 – gar nicht"),
        (2, "2 – wenig"),
        (3, "3 – teils, teils"),
        (4, "4 – ziemlich"),
        (5, "5 – sehr"),
    ]

    registration = models.OneToOneField(
        "formats.Registration",
        verbose_name="Anmeldung",
        on_delete=models.CASCADE,
        related_name="talk_feedback",
    )
    rating = models.PositiveSmallIntegerField("Bewertung (1–5)", choices=RATINGS)
    comment = models.TextField("Kommentar", max_length=1000, blank=True)
    created_at = models.DateTimeField("gegeben am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)

    objects = TalkFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "Rückmeldung"
        verbose_name_plural = "Rückmeldungen"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="formats_feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"
