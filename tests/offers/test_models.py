import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from offers.models import Offer, OfferStatus, RegionScope, State

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def errors_of(offer):
    with pytest.raises(ValidationError) as info:
        offer.full_clean()
    return info.value.message_dict


def test_offer_valid_factory_offer_passes_full_clean():
    OfferFactory().full_clean()


def test_offer_cost_amount_only_when_not_free():
    assert "cost_eur" in errors_of(
        OfferFactory.build(is_free=True, cost_eur=10, provider=OfferFactory().provider)
    )


def test_offer_paid_offer_needs_amount():
    offer = OfferFactory()
    offer.is_free = False
    assert "cost_eur" in errors_of(offer)


def test_offer_link_must_be_http_or_https():
    offer = OfferFactory()
    offer.url = "ftp://example.org/kurs"
    assert "url" in errors_of(offer)
    offer.url = "javascript:alert(1)"
    assert "url" in errors_of(offer)
    offer.url = "https://example.org/kurs"
    offer.full_clean()


def test_offer_municipality_region_names_its_municipality_and_state():
    offer = OfferFactory()
    offer.region_scope = RegionScope.MUNICIPALITY
    errors = errors_of(offer)
    assert "municipality" in errors and "state" in errors
    offer.municipality = "Musterstadt"
    offer.state = State.HE
    offer.full_clean()


def test_offer_state_region_needs_state_and_no_municipality():
    offer = OfferFactory()
    offer.region_scope = RegionScope.STATE
    offer.municipality = "Kassel"
    errors = errors_of(offer)
    assert "state" in errors and "municipality" in errors


def test_offer_nationwide_has_no_state():
    offer = OfferFactory()
    offer.state = State.BY
    assert "region_scope" in errors_of(offer)


def test_visible_excludes_unpublished_and_expired():
    today = timezone.localdate()
    visible = OfferFactory(valid_until=today)
    OfferFactory(valid_until=today - datetime.timedelta(days=1))
    for status in [s for s in OfferStatus if s != OfferStatus.PUBLISHED]:
        OfferFactory(status=status)
    assert list(Offer.objects.visible()) == [visible]
    assert Offer.objects.expired().count() == 1


def test_cost_label_formats_german_amounts():
    assert OfferFactory.build(is_free=False, cost_eur=1250).cost_label == "1.250 €"
    assert OfferFactory.build(is_free=False, cost_eur=Decimal("89.50")).cost_label == "89,50 €"
    assert OfferFactory.build().cost_label == "kostenfrei"
