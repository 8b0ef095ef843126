"""Retention in the catalogue (OFFERS_RETENTION_MONTHS): what leaves and what stays."""

import datetime
import json

import pytest
from django.utils import timezone
from taggit.models import TaggedItem

from kommune360.retention import months_before
from offers import retention, services
from offers.models import (
    Offer,
    OfferChange,
    OfferEditLink,
    OfferMessage,
    OfferReminder,
    OfferStatus,
    OfferTransition,
    Provider,
)
from tests.offers.factories import OfferFactory, ProviderFactory
from tests.offers.submission_helpers import submit_offer, submitted_values, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def twelve_months(settings):
    settings.OFFERS_RETENTION_MONTHS = 12


@pytest.fixture
def team():
    return team_member()


def age(*objects, months):
    """Move the last change of offers and providers `months` back."""
    moment = months_before(timezone.now(), months)
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(updated_at=moment)


def person(n):
    """Form overrides for a submission by provider n with its own contact."""
    return {
        "provider_name": f"Anbieterin Nummer {n}",
        "provider_email": f"info{n}@anbieterin.example",
        "contact_name": f"Kontakt {n}",
        "contact_email": f"kontakt{n}@anbieterin.example",
    }


def submitted(n, **overrides):
    offer, _token = submit_offer(**person(n), **overrides)
    return offer


def addresses_of(offer) -> str:
    offer.refresh_from_db()
    rows = [
        offer.contact_name,
        offer.contact_email,
        list(OfferEditLink.objects.filter(offer=offer).values_list("sent_to", flat=True)),
        list(OfferMessage.objects.filter(offer=offer).values_list("emailed_to", flat=True)),
        list(OfferReminder.objects.filter(offer=offer).values_list("sent_to", flat=True)),
        list(OfferChange.objects.filter(offer=offer).values_list("values", flat=True)),
    ]
    return json.dumps(rows, ensure_ascii=False)


def test_retention_rejected_submission_deleted_with_its_records_and_provider(team):
    offer = submitted(1, tags_text="Scrum")
    services.reject_offer(offer, by=team, message="Passt leider nicht in den Katalog.")
    age(offer, offer.provider, months=13)
    report = retention.purge_personal_data()
    assert (report.deleted_offers, report.deleted_providers) == (1, 1)
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert not Provider.objects.filter(pk=offer.provider_id).exists()
    for model in (OfferEditLink, OfferMessage, OfferTransition):
        assert not model.objects.filter(offer_id=offer.pk).exists()
    assert not TaggedItem.objects.filter(object_id=offer.pk).exists()


def test_retention_withdrawn_submission_deleted():
    offer = submitted(1)
    services.withdraw_offer(offer)
    age(offer, offer.provider, months=13)
    assert retention.purge_personal_data().deleted_offers == 1
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_retention_rejected_within_period_kept(team):
    offer = submitted(1)
    services.reject_offer(offer, by=team, message="Nein.")
    age(offer, offer.provider, months=11)
    assert retention.purge_personal_data().total == 0
    offer.refresh_from_db()
    assert offer.contact_email == "kontakt1@anbieterin.example"


def test_retention_withdrawn_published_offer_keeps_content_loses_contacts(team):
    soon = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    offer = submitted(1, valid_until=soon)
    services.publish_offer(offer, by=team, notify_provider=True)
    services.remind_offer(offer)
    services.update_offer_from_link(offer, submitted_values(**person(1), title="Neuer Titel"))
    services.withdraw_offer(offer)
    assert "kontakt1@anbieterin.example" in addresses_of(offer)
    age(offer, offer.provider, months=13)
    report = retention.purge_personal_data()
    assert (report.deleted_offers, report.anonymised_offers) == (0, 1)
    assert report.anonymised_providers == 1 and report.deleted_providers == 0
    text = addresses_of(offer)
    assert "kontakt1" not in text and "Kontakt 1" not in text and "info1@" not in text
    assert offer.status == OfferStatus.ARCHIVED
    assert offer.title == "Agile Methoden für die Kommunalverwaltung"
    assert offer.transitions.count() == 3
    assert offer.edit_links.count() == 2 and offer.messages.count() == 1
    provider = Provider.objects.get(pk=offer.provider_id)
    assert provider.email == "" and provider.name == "Anbieterin Nummer 1"


def test_retention_listed_offers_and_their_providers_untouched():
    provider = ProviderFactory(email="listed@example.org")
    forever = OfferFactory(provider=provider, contact_name="A", contact_email="a@example.org")
    future = OfferFactory(
        contact_email="b@example.org",
        valid_until=timezone.localdate() + datetime.timedelta(days=400),
    )
    recently_expired = OfferFactory(
        contact_email="c@example.org",
        valid_until=timezone.localdate() - datetime.timedelta(days=30),
    )
    age(forever, future, recently_expired, provider, future.provider, months=30)
    assert retention.purge_personal_data().total == 0
    for offer in (forever, future, recently_expired):
        offer.refresh_from_db()
        assert offer.contact_email
    provider.refresh_from_db()
    assert provider.email == "listed@example.org"


def test_retention_offer_expired_long_ago_loses_contacts_stays_published():
    offer = OfferFactory(
        contact_name="Pat",
        contact_email="pat@example.org",
        valid_until=months_before(timezone.now(), 14).date(),
    )
    age(offer, months=14)
    assert retention.purge_personal_data().anonymised_offers == 1
    offer.refresh_from_db()
    assert (offer.contact_name, offer.contact_email) == ("", "")
    assert offer.status == OfferStatus.PUBLISHED


def test_retention_offers_waiting_for_team_untouched(team):
    waiting = submitted(1)
    expired_with_change = OfferFactory(
        contact_email="pat@example.org",
        valid_until=months_before(timezone.now(), 14).date(),
    )
    OfferChange.objects.create(
        offer=expired_with_change, values={"contact_email": "pat@example.org"}
    )
    age(waiting, waiting.provider, expired_with_change, months=20)
    assert retention.purge_personal_data().total == 0
    waiting.refresh_from_db()
    assert waiting.status == OfferStatus.SUBMITTED and waiting.contact_email


def test_retention_old_draft_loses_contacts_but_is_not_deleted(team):
    offer = submitted(1)
    services.request_changes(offer, by=team, message="Bitte den Link ergänzen.")
    age(offer, offer.provider, months=13)
    report = retention.purge_personal_data()
    assert (report.anonymised_offers, report.deleted_offers) == (1, 0)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT and offer.contact_email == ""
    # The provider still has the draft: kept, without its address.
    provider = Provider.objects.get(pk=offer.provider_id)
    assert provider.email == ""


def test_retention_approved_provider_is_never_deleted():
    provider = ProviderFactory(email="alt@example.org", is_approved=True)
    age(provider, months=13)
    report = retention.purge_personal_data()
    assert (report.deleted_providers, report.anonymised_providers) == (0, 1)
    provider.refresh_from_db()
    assert provider.email == ""


def test_retention_shared_provider_with_listed_offer_keeps_address(team):
    rejected = submitted(1)
    services.reject_offer(rejected, by=team, message="Nein.")
    listed = OfferFactory(provider=rejected.provider)
    age(rejected, rejected.provider, listed, months=13)
    report = retention.purge_personal_data()
    assert (report.deleted_offers, report.deleted_providers, report.anonymised_providers) == (
        1,
        0,
        0,
    )
    provider = Provider.objects.get(pk=listed.provider_id)
    assert provider.email == "info1@anbieterin.example"


def scenario(team):
    rejected = submitted(1)
    services.reject_offer(rejected, by=team, message="Nein.")
    archived = submitted(2)
    services.publish_offer(archived, by=team)
    services.archive_offer(archived, by=team)
    listed = OfferFactory(contact_email="bleibt@example.org")
    age(rejected, rejected.provider, archived, archived.provider, listed, months=13)
    return rejected, archived, listed


def snapshot():
    return json.dumps(
        [
            list(Offer.objects.order_by("pk").values()),
            list(Provider.objects.order_by("pk").values()),
            list(OfferEditLink.objects.order_by("pk").values()),
            list(OfferMessage.objects.order_by("pk").values()),
            list(OfferChange.objects.order_by("pk").values()),
        ],
        default=str,
    )


def test_retention_dry_run_counts_and_changes_nothing(team):
    scenario(team)
    before = snapshot()
    now = timezone.now()
    dry = retention.purge_personal_data(now=now, dry_run=True)
    assert snapshot() == before
    assert (dry.deleted_offers, dry.anonymised_offers) == (1, 1)
    assert (dry.deleted_providers, dry.anonymised_providers) == (1, 1)
    real = retention.purge_personal_data(now=now)
    assert real == dry


def test_retention_second_run_changes_nothing(team):
    _rejected, archived, listed = scenario(team)
    assert retention.purge_personal_data().total == 4
    after_first = snapshot()
    second = retention.purge_personal_data()
    assert second.total == 0
    assert snapshot() == after_first
    # Also a year later: nothing personal is left to remove.
    later = timezone.now() + datetime.timedelta(days=400)
    assert retention.purge_personal_data(now=later, dry_run=True).anonymised_offers == 0
    listed.refresh_from_db()
    assert listed.contact_email == "bleibt@example.org"


def test_retention_setting_is_used(team, settings):
    offer = submitted(1)
    services.reject_offer(offer, by=team, message="Nein.")
    age(offer, offer.provider, months=7)
    settings.OFFERS_RETENTION_MONTHS = 8
    assert retention.purge_personal_data(dry_run=True).total == 0
    settings.OFFERS_RETENTION_MONTHS = 6
    assert retention.purge_personal_data(dry_run=True).deleted_offers == 1
