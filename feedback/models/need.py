"""A reported need ("Bedarf melden"): which offer is missing, for whom, in which field."""

from django.db import models


class NeedQuerySet(models.QuerySet):
    def counted(self):
        """Needs that count in the public coverage table on /leerstellen/.

        A reported need counts while its contribution is neither archived (the team
        archives spam and duplicates) nor anonymised (after the retention period or
        an erasure request), so the table shows the needs of the retention period.
        Publication is not needed: the table shows numbers only, never a text or a
        name.
        """
        from .contribution import ContributionKind, ContributionStatus

        return self.filter(
            contribution__kind=ContributionKind.NEED, contribution__anonymised_at__isnull=True
        ).exclude(contribution__status=ContributionStatus.ARCHIVED)


class Need(models.Model):
    """The details of a contribution of kind "Bedarf melden". The gap is the
    contribution's own `gap`; the missing offer is described in its text.

    Holds no personal data: audience and field stay for the statistics when the
    contribution is anonymised.
    """

    contribution = models.OneToOneField(
        "feedback.Contribution",
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="need",
    )
    audience = models.ForeignKey(
        "offers.Audience",
        verbose_name="für Zielgruppe",
        null=True,  # required in the form; a deleted audience leaves the need standing
        on_delete=models.SET_NULL,
        related_name="reported_needs",
    )
    topic = models.ForeignKey(
        "offers.Topic",
        verbose_name="im Themenfeld",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_needs",
    )

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "Bedarfsmeldung"
        verbose_name_plural = "Bedarfsmeldungen"

    def __str__(self):
        return f"Bedarf: {self.audience}" + (f", {self.topic}" if self.topic else "")
