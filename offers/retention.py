"""Retention of personal data in the catalogue (setting OFFERS_RETENTION_MONTHS).

The privacy notice promises: contact data stays as long as an offer is in the
catalogue and for the retention period after it left; rejected or withdrawn
submissions are deleted after the retention period. An offer counts as out of
the catalogue when it is archived, rejected, sent back as a draft, or published
but past its valid-until date; its clock runs from its last change
(`updated_at`, which every status change and edit moves), for an expired offer
also from its valid-until date. Offers that wait for the team (submitted, or with
an open proposed change) are never touched.

Due offers are handled so:
- rejected submissions, and archived ones that never reached the catalogue
  (withdrawn by the provider or archived by the team before publication), are
  deleted with their links, messages, reminders, changes and log;
- every other due offer keeps its content and loses its contact person and the
  recipients of its mails (offers.privacy.anonymise_offer);
- a provider with no offer still in use loses its e-mail address; one the team
  never approved and left without offers is deleted.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kommune360.retention import months_before

from .models import Offer, OfferChange, OfferStatus, Provider
from .privacy import anonymise_offer, holds_personal_data

S = OfferStatus


def cutoff(now=None) -> datetime.datetime:
    return months_before(now or timezone.now(), settings.OFFERS_RETENTION_MONTHS)


def due_offers(now=None):
    """Offers out of the catalogue, untouched for the retention period, not waiting for
    the team."""
    limit = cutoff(now)
    out_of_catalogue = Q(status__in=[S.ARCHIVED, S.REJECTED, S.DRAFT]) | Q(
        status=S.PUBLISHED, valid_until__lt=timezone.localdate(limit)
    )
    open_change = OfferChange.objects.open().filter(offer=OuterRef("pk"))
    return (
        Offer.objects.filter(out_of_catalogue, updated_at__lt=limit)
        .exclude(Exists(open_change))
        .order_by("pk")
    )


def _deleted_submissions():
    """Q for the due offers that go completely: rejected or withdrawn submissions."""
    return Q(status=S.REJECTED) | Q(status=S.ARCHIVED, published_at__isnull=True)


@dataclass
class PurgeReport:
    cutoff: datetime.datetime
    deleted_offers: int = 0
    anonymised_offers: int = 0
    deleted_providers: int = 0
    anonymised_providers: int = 0

    @property
    def total(self):
        return (
            self.deleted_offers
            + self.anonymised_offers
            + self.deleted_providers
            + self.anonymised_providers
        )


@dataclass
class _Plan:
    delete_offers: list
    anonymise_offers: list
    delete_providers: list
    anonymise_providers: list


def _plan(now) -> _Plan:
    """Decide everything before changing anything: anonymising an offer moves its
    `updated_at`, which must not make its provider look active in the same run."""
    limit = cutoff(now)
    due = due_offers(now)
    delete_offers = list(due.filter(_deleted_submissions()).values_list("pk", flat=True))
    anonymise_offers = list(
        due.exclude(_deleted_submissions())
        .filter(holds_personal_data())
        .values_list("pk", flat=True)
    )
    in_use = Offer.objects.filter(provider=OuterRef("pk")).exclude(pk__in=due.values("pk"))
    kept = Offer.objects.filter(provider=OuterRef("pk")).exclude(pk__in=delete_offers)
    idle = Provider.objects.filter(updated_at__lt=limit).exclude(Exists(in_use))
    delete_providers = list(
        idle.filter(is_approved=False).exclude(Exists(kept)).values_list("pk", flat=True)
    )
    anonymise_providers = list(
        idle.exclude(email="").exclude(pk__in=delete_providers).values_list("pk", flat=True)
    )
    return _Plan(delete_offers, anonymise_offers, delete_providers, anonymise_providers)


def purge_personal_data(now=None, dry_run: bool = False) -> PurgeReport:
    """Delete or anonymise what is due; with dry_run only count what would happen.
    Idempotent: a deleted record is gone and an anonymised one holds nothing personal,
    so a second run finds nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = _plan(now)
        report = PurgeReport(
            cutoff=cutoff(now),
            deleted_offers=len(plan.delete_offers),
            anonymised_offers=len(plan.anonymise_offers),
            deleted_providers=len(plan.delete_providers),
            anonymised_providers=len(plan.anonymise_providers),
        )
        if dry_run:
            return report
        Offer.objects.filter(pk__in=plan.delete_offers).delete()
        for offer in Offer.objects.filter(pk__in=plan.anonymise_offers):
            anonymise_offer(offer)
        # A provider an offer was matched to meanwhile is kept (and protected anyway).
        Provider.objects.filter(pk__in=plan.delete_providers).exclude(
            Exists(Offer.objects.filter(provider=OuterRef("pk")))
        ).delete()
        for provider in Provider.objects.filter(pk__in=plan.anonymise_providers):
            provider.email = ""
            provider.save(update_fields=["email", "updated_at"])
    return report
