import pytest
from django.contrib.auth.models import Group, Permission, User

from offers.models import OfferStatus

from .factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client):
    user = User.objects.create_user("team", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Initiativteam"))
    client.force_login(user)
    return client


def test_team_group_has_exactly_catalogue_permissions():
    codenames = set(
        Group.objects.get(name="Initiativteam")
        .permissions.filter(content_type__app_label__in=["offers", "taggit", "auth"])
        .values_list("content_type__app_label", "codename")
    )
    for model in ["offer", "provider", "audience", "topic", "gap", "offertype"]:
        for action in ["view", "add", "change", "delete"]:
            assert ("offers", f"{action}_{model}") in codenames
    assert ("offers", "view_offertransition") in codenames
    assert ("offers", "change_offertransition") not in codenames
    assert not {c for c in codenames if c[0] == "auth"}


def test_team_member_cannot_manage_users_or_groups(team_client):
    assert team_client.get("/verwaltung/auth/user/").status_code == 403
    assert team_client.get("/verwaltung/auth/group/").status_code == 403


def test_offer_admin_list_filters_and_search_work(team_client):
    OfferFactory(title="Agiles Arbeiten", gaps=["innovative-arbeitsweisen"])
    for query in [
        "",
        "?status__exact=veroeffentlicht",
        "?gaps__id__exact=1",
        "?q=agil",
        "?audiences__id__exact=1",
        "?offer_type__id__exact=1",
    ]:
        response = team_client.get("/verwaltung/offers/offer/" + query)
        assert response.status_code == 200, query
    assert "Agiles Arbeiten" in team_client.get("/verwaltung/offers/offer/?q=agil").content.decode()


def test_offer_admin_publish_and_archive_actions_log_transitions(team_client):
    submitted = OfferFactory(status=OfferStatus.SUBMITTED)
    published = OfferFactory()
    response = team_client.post(
        "/verwaltung/offers/offer/",
        {"action": "publish_selected", "_selected_action": [submitted.pk, published.pk]},
        follow=True,
    )
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == OfferStatus.PUBLISHED
    assert submitted.transitions.get().by.username == "team"
    # Publishing an already published offer is refused with a message, not a crash.
    assert "kann nicht" in response.content.decode()
    team_client.post(
        "/verwaltung/offers/offer/",
        {"action": "archive_selected", "_selected_action": [published.pk]},
    )
    published.refresh_from_db()
    assert published.status == OfferStatus.ARCHIVED


def test_offer_admin_change_page_shows_readonly_history_and_autocomplete(team_client):
    offer = OfferFactory(status=OfferStatus.SUBMITTED)
    team_client.post(
        "/verwaltung/offers/offer/",
        {"action": "publish_selected", "_selected_action": [offer.pk]},
    )
    content = team_client.get(f"/verwaltung/offers/offer/{offer.pk}/change/").content.decode()
    assert "Verlauf (Statuswechsel)" in content
    assert "admin-autocomplete" in content  # provider and tags
    assert not Permission.objects.filter(
        group__name="Initiativteam", codename="change_offertransition"
    ).exists()


def test_provider_and_tag_autocomplete_endpoints_answer(team_client):
    ProviderFactory(name="Forum Beispiel")
    offer = OfferFactory(tags=["Kanban"])
    response = team_client.get(
        "/verwaltung/autocomplete/",
        {"app_label": "offers", "model_name": "offer", "field_name": "provider", "term": "Forum"},
    )
    assert response.status_code == 200
    assert "Forum Beispiel" in response.content.decode()
    response = team_client.get(
        "/verwaltung/autocomplete/",
        {"app_label": "offers", "model_name": "offer", "field_name": "tags", "term": "Kan"},
    )
    assert response.status_code == 200, response.content
    assert "Kanban" in response.content.decode()
    assert offer.pk


def test_admin_index_names_the_tag_section_in_german(admin_client):
    body = admin_client.get("/verwaltung/").content.decode()
    assert ">Schlagworte<" in body
    assert ">Taggit<" not in body
