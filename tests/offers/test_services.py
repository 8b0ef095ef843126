import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from offers import services
from offers.models import Offer, OfferStatus

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def team_member():
    user = User.objects.create_user("team", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    return User.objects.get(pk=user.pk)


def test_publish_offer_sets_status_timestamp_and_logs_transition():
    offer = OfferFactory(status=OfferStatus.SUBMITTED, published_at=None)
    user = team_member()
    entry = services.publish_offer(offer, by=user, reason="passt")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at is not None
    assert (entry.from_status, entry.to_status, entry.by, entry.reason) == (
        OfferStatus.SUBMITTED,
        OfferStatus.PUBLISHED,
        user,
        "passt",
    )
    assert Offer.objects.visible().filter(pk=offer.pk).exists()


def test_archive_offer_removes_it_from_catalogue_at_once(client):
    offer = OfferFactory()
    services.archive_offer(offer)
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert offer.transitions.get().to_status == OfferStatus.ARCHIVED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (OfferStatus.PUBLISHED, OfferStatus.PUBLISHED),
        (OfferStatus.PUBLISHED, OfferStatus.REJECTED),
        (OfferStatus.DRAFT, OfferStatus.REJECTED),
        (OfferStatus.ARCHIVED, OfferStatus.REJECTED),
    ],
)
def test_transition_illegal_moves_raise_and_change_nothing(start, target):
    offer = OfferFactory(status=start)
    with pytest.raises(services.IllegalTransition):
        services.transition_offer(offer, target)
    offer.refresh_from_db()
    assert offer.status == start
    assert not offer.transitions.exists()


def test_transition_expired_offer_cannot_be_published():
    offer = OfferFactory(
        status=OfferStatus.SUBMITTED, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(services.IllegalTransition):
        services.publish_offer(offer)


def test_transition_user_without_permission_is_refused():
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    visitor = User.objects.create_user("someone", password="pw")
    with pytest.raises(PermissionDenied):
        services.publish_offer(offer, by=visitor)
