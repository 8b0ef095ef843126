"""Retention of personal data in contributions (setting FEEDBACK_RETENTION_MONTHS).

After the retention period since the last activity, personal data goes:
published contributions keep their public text, the team's answer and the
name only if the author chose to appear with it; everything else keeps only
kind, role, references and dates for the team's statistics.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kommune360.retention import months_before

from . import services
from .models import Contribution, ContributionStatus


def cutoff(now=None) -> datetime.datetime:
    return months_before(now or timezone.now(), settings.FEEDBACK_RETENTION_MONTHS)


def expired_contributions(now=None):
    """Contributions past the retention period that still hold personal data."""
    return Contribution.objects.filter(
        last_activity_at__lt=cutoff(now), anonymised_at__isnull=True
    ).order_by("pk")


@dataclass
class PurgeReport:
    cutoff: datetime.datetime
    kept_public: int = 0
    anonymised: int = 0

    @property
    def total(self):
        return self.kept_public + self.anonymised


def purge_personal_data(now=None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every expired contribution; with dry_run only count what would happen.
    Idempotent: an anonymised contribution is never touched again."""
    report = PurgeReport(cutoff=cutoff(now))
    for contribution in expired_contributions(now):
        published = contribution.status == ContributionStatus.PUBLISHED
        if published:
            report.kept_public += 1
        else:
            report.anonymised += 1
        if not dry_run:
            services.anonymise_contribution(
                contribution,
                keep_public=published,
                reason="Aufbewahrungsfrist abgelaufen",
            )
    return report
