"""The group "Initiativteam" can moderate offers, and cannot manage users or groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from offers import services
from offers.models import OfferChange, OfferChangeStatus, OfferStatus, OfferTransition

from .factories import OfferFactory
from .submission_helpers import submit_offer, submitted_values, team_member

pytestmark = pytest.mark.django_db

MODERATION_MODELS = ["queuedoffer", "offerchange", "offereditlink", "offermessage", "offerreminder"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_team_group_has_exactly_the_moderation_permissions():
    codenames = set(
        Group.objects.get(name="Initiativteam")
        .permissions.filter(
            content_type__app_label="offers", content_type__model__in=MODERATION_MODELS
        )
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "view_queuedoffer",
        "change_queuedoffer",
        "view_offerchange",
        "change_offerchange",
        "view_offereditlink",
        "add_offereditlink",
        "change_offereditlink",
        "view_offermessage",
        "view_offerreminder",
    }


def test_team_member_can_moderate_but_not_manage_users_or_groups(client):
    user = team_member()
    client.force_login(user)

    # Publish a submission through the queue action.
    submitted, _token = submit_offer()
    client.post(
        "/verwaltung/offers/queuedoffer/",
        {"action": "publish_selected", "_selected_action": [submitted.pk]},
    )
    submitted.refresh_from_db()
    assert submitted.status == OfferStatus.PUBLISHED
    assert submitted.transitions.first().by == user

    # Approve a pending change on its review page.
    services.update_offer_from_link(submitted, submitted_values(title="Geänderter Titel"))
    change = OfferChange.objects.get()
    response = client.get(f"/verwaltung/offers/offerchange/{change.pk}/change/")
    assert response.status_code == 200
    client.post(f"/verwaltung/offers/offerchange/{change.pk}/change/", {"_approve": "1"})
    change.refresh_from_db()
    submitted.refresh_from_db()
    assert change.status == OfferChangeStatus.APPROVED
    assert submitted.title == "Geänderter Titel"

    # The queue, the admin index and the records are there for the team ...
    for url in [
        "/verwaltung/",
        "/verwaltung/offers/queuedoffer/",
        "/verwaltung/offers/offertransition/",
        "/verwaltung/offers/offermessage/",
        "/verwaltung/offers/offerreminder/",
        "/verwaltung/offers/offereditlink/",
    ]:
        assert client.get(url).status_code == 200, url
    # ... but the log stays as it is ...
    entry = OfferTransition.objects.first()
    assert client.get(f"/verwaltung/offers/offertransition/{entry.pk}/delete/").status_code == 403
    # ... and users and groups are none of the team's business.
    assert client.get("/verwaltung/auth/user/").status_code == 403
    assert client.get("/verwaltung/auth/group/").status_code == 403
    assert client.get("/verwaltung/auth/user/add/").status_code == 403


def test_staff_outside_the_team_cannot_run_moderation_services():
    from django.contrib.auth.models import User
    from django.core.exceptions import PermissionDenied

    outsider = User.objects.create_user("aussen", password="pw", is_staff=True)
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.reject_offer(offer, outsider, "Nein")
    published = OfferFactory()
    services.update_offer_from_link(published, submitted_values(title="Anders"))
    with pytest.raises(PermissionDenied):
        services.approve_change(OfferChange.objects.get(), by=outsider)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
