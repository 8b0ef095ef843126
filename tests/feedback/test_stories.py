"""Practitioners' stories ("Erfahrung teilen") tied to an offer appear on its page."""

import pytest

from feedback.models import ContributionKind, ContributionStatus, PublicName
from feedback.selectors import stories_for_offer
from offers.catalogue import index
from tests.feedback.factories import ContributionFactory, team_member
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def story(offer, **kwargs):
    return ContributionFactory(kind=ContributionKind.EXPERIENCE, offer=offer, **kwargs)


def test_stories_for_offer_only_published_opted_in_experiences_of_that_offer():
    offer = OfferFactory()
    shown = story(offer, published=True)
    story(offer)  # new, not published
    story(offer, public_opt_in=True)  # allowed but not published by the team
    story(offer, status=ContributionStatus.ARCHIVED, public_opt_in=True)
    ContributionFactory(kind=ContributionKind.COMMENT, offer=offer, published=True)
    story(OfferFactory(), published=True)  # another offer
    story(None, published=True)
    assert [c.pk for c in stories_for_offer(offer)] == [shown.pk]


def test_offer_page_shows_story_with_chosen_name_and_no_contact_data(client):
    offer = OfferFactory()
    story(
        offer,
        published=True,
        name="Kim Praxis",
        public_name=PublicName.WITH_NAME,
        email="kim@stadt.example",
        organisation="Geheimes Amt",
        text="Das Modul hat unserem Planungsteam sehr geholfen.",
        public_answer="Danke für den Bericht!",
    )
    story(offer, published=True, name="Verborgen", text="Anonym erzählt.")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Erfahrungen aus der Praxis" in html
    assert "Das Modul hat unserem Planungsteam sehr geholfen." in html
    assert "Kim Praxis" in html and "Danke für den Bericht!" in html
    assert "Anonym erzählt." in html and "Verborgen" not in html
    assert "kim@stadt.example" not in html and "Geheimes Amt" not in html


def test_offer_page_without_stories_has_no_section(client):
    offer = OfferFactory()
    story(offer)  # not published
    assert "Erfahrungen aus der Praxis" not in client.get(offer.get_absolute_url()).content.decode()


def test_offer_page_story_escapes_markup(client):
    offer = OfferFactory()
    story(offer, published=True, text="<script>alert(1)</script>")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_team_ties_story_to_offer_in_admin_and_page_shows_it(client):
    offer = OfferFactory()
    contribution = story(None, published=True, text="Ein Bericht ohne Bezug.")
    client.force_login(team_member())
    url = f"/verwaltung/feedback/contribution/{contribution.pk}/change/"
    assert 'name="offer"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "gap": "",
            "offer": offer.pk,
            "internal_note": "",
            "public_answer": "",
            "target_status": contribution.status,
            "replies-TOTAL_FORMS": "0",
            "replies-INITIAL_FORMS": "0",
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.offer == offer
    client.logout()
    index.flush()
    assert "Ein Bericht ohne Bezug." in client.get(offer.get_absolute_url()).content.decode()


def test_publishing_a_story_renews_the_cached_offer_page(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    offer = OfferFactory()
    contribution = story(offer, public_opt_in=True, text="Später veröffentlicht.")
    index.flush()
    assert "Später veröffentlicht." not in client.get(offer.get_absolute_url()).content.decode()
    from feedback import services

    services.set_status(contribution, ContributionStatus.PUBLISHED)
    index.flush()
    assert "Später veröffentlicht." in client.get(offer.get_absolute_url()).content.decode()
