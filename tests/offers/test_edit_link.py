"""Editing and withdrawing an offer through the private link /angebote/bearbeiten/<token>/."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from offers import services
from offers.models import (
    Offer,
    OfferChange,
    OfferChangeStatus,
    OfferEditLink,
    OfferStatus,
    Provider,
)
from offers.submission.tokens import issue_edit_link, new_token
from offers.submission.views import LINK_MISS_LIMIT

from .factories import OfferFactory, ProviderFactory
from .submission_helpers import form_data, submit_offer, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def edit_url(token):
    return f"/angebote/bearbeiten/{token}/"


def published_offer():
    offer, token = submit_offer()
    services.publish_offer(offer, by=team_member())
    mail.outbox.clear()
    return offer, token


# Finding the offer ---------------------------------------------------------------------------


def test_edit_link_page_shows_status_and_the_offer_in_the_form(client):
    offer, token = submit_offer()
    response = client.get(edit_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stand: eingereicht" in html
    assert 'value="Agile Methoden für die Kommunalverwaltung"' in html
    assert 'value="fuehrungskraefte" id="id_audiences_0" checked' in html
    assert 'value="Kanban, Scrum"' in html
    assert 'value="Forum Agile Kommune"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["kurz", "x" * 43, new_token(), "../../verwaltung"])
def test_edit_link_unknown_or_malformed_token_is_404(client, token):
    submit_offer()
    assert client.get(edit_url(token)).status_code == 404


def test_edit_link_revoked_token_is_404(client):
    offer, token = submit_offer()
    services.revoke_offer_edit_links(Offer.objects.filter(pk=offer.pk), by=None)
    assert client.get(edit_url(token)).status_code == 404


def test_edit_link_guessing_many_tokens_is_rate_limited(client):
    offer, token = submit_offer()
    for _ in range(LINK_MISS_LIMIT):
        assert client.get(edit_url(new_token())).status_code == 404
    response = client.get(edit_url(new_token()))
    assert response.status_code == 429
    assert "Bitte versuchen Sie es später noch einmal" in response.content.decode()
    # Past the limit even a right guess is refused, so guessing stays pointless ...
    assert client.get(edit_url(token)).status_code == 429
    # ... but only for this client.
    assert client.get(edit_url(token), REMOTE_ADDR="10.0.0.9").status_code == 200


# Editing ---------------------------------------------------------------------------------------


def test_edit_link_submitted_offer_changes_directly(client):
    offer, token = submit_offer()
    response = client.post(edit_url(token), form_data(title="Neuer Titel", tags_text="Scrum"))
    assert response.status_code == 302
    assert response["Location"] == edit_url(token) + "?gespeichert=updated"
    offer.refresh_from_db()
    assert offer.title == "Neuer Titel"
    assert list(offer.tags.names()) == ["Scrum"]
    assert offer.status == OfferStatus.SUBMITTED
    assert not OfferChange.objects.exists()
    assert "Ihre Änderungen sind gespeichert" in client.get(response["Location"]).content.decode()


def test_edit_link_draft_sent_back_is_resubmitted_on_save(client):
    offer, token = submit_offer()
    services.request_changes(offer, team_member(), "Bitte den Link ergänzen.")
    page = client.get(edit_url(token)).content.decode()
    assert "Bitte den Link ergänzen." in page
    assert "Speichern und erneut einreichen" in page
    mail.outbox.clear()
    client.post(edit_url(token), form_data(url="https://www.beispiel.de/neu"))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    assert offer.url == "https://www.beispiel.de/neu"
    assert offer.transitions.first().reason.startswith("Von der Anbieter:in überarbeitet")
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Überarbeitetes Angebot"]


def test_edit_link_published_offer_edit_waits_beside_the_live_offer(client):
    offer, token = published_offer()
    response = client.post(edit_url(token), form_data(title="Neuer Titel", topics=["beteiligung"]))
    assert response["Location"].endswith("?gespeichert=pending")
    offer.refresh_from_db()
    assert offer.title == "Agile Methoden für die Kommunalverwaltung"
    assert list(offer.topics.values_list("slug", flat=True)) == ["innovative-methoden"]
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert "Agile Methoden für die Kommunalverwaltung" in detail and "Neuer Titel" not in detail
    change = OfferChange.objects.get()
    assert change.status == OfferChangeStatus.OPEN
    assert change.values["title"] == "Neuer Titel"
    assert change.values["topics"] == ["beteiligung"]
    assert mail.outbox[-1].to == ["team@kommune360.example"]
    assert "/verwaltung/offers/offerchange/" in mail.outbox[-1].body
    page = client.get(response["Location"]).content.decode()
    assert "wartet auf die Prüfung" in page
    assert 'value="Neuer Titel"' in page  # the form continues from the pending values


def test_edit_link_second_edit_updates_the_open_change(client):
    offer, token = published_offer()
    client.post(edit_url(token), form_data(title="Erster Versuch"))
    client.post(edit_url(token), form_data(title="Zweiter Versuch"))
    change = OfferChange.objects.get()
    assert change.values["title"] == "Zweiter Versuch"


def test_edit_link_saving_the_live_values_withdraws_the_open_change(client):
    offer, token = published_offer()
    client.post(edit_url(token), form_data(title="Erster Versuch"))
    response = client.post(edit_url(token), form_data())
    assert response["Location"].endswith("?gespeichert=unchanged")
    assert OfferChange.objects.get().status == OfferChangeStatus.SUPERSEDED


def test_edit_link_new_provider_name_on_a_submitted_offer_matches_or_creates(client):
    known = ProviderFactory(name="Landesinstitut Beispiel")
    offer, token = submit_offer()
    # Same e-mail address: still the same provider, whatever the name says.
    client.post(edit_url(token), form_data(provider_name="Forum Agile Kommune e. V."))
    offer.refresh_from_db()
    assert offer.provider.name == "Forum Agile Kommune"
    client.post(
        edit_url(token), form_data(provider_name="landesinstitut beispiel", provider_email="")
    )
    offer.refresh_from_db()
    assert offer.provider == known
    client.post(edit_url(token), form_data(provider_name="Ganz neu e. V.", provider_email=""))
    offer.refresh_from_db()
    assert offer.provider.name == "Ganz neu e. V." and not offer.provider.is_approved
    known.refresh_from_db()
    assert known.name == "Landesinstitut Beispiel"


def test_edit_link_errors_keep_input_and_change_nothing(client):
    offer, token = published_offer()
    response = client.post(edit_url(token), form_data(title="Neu", contact_email="kaputt"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Neu"' in html and 'class="error-summary"' in html
    offer.refresh_from_db()
    assert offer.title == "Agile Methoden für die Kommunalverwaltung"
    assert not OfferChange.objects.exists()


def test_edit_link_rejected_offer_shows_reason_and_cannot_be_edited(client):
    offer, token = submit_offer()
    services.reject_offer(offer, team_member(), "Das Angebot richtet sich nicht an Kommunen.")
    page = client.get(edit_url(token)).content.decode()
    assert "Das Angebot richtet sich nicht an Kommunen." in page
    assert 'name="title"' not in page
    client.post(edit_url(token), form_data(title="Trotzdem"))
    offer.refresh_from_db()
    assert offer.title != "Trotzdem" and offer.status == OfferStatus.REJECTED


def test_edit_link_update_service_refuses_archived_offers():
    offer, _token = submit_offer()
    services.archive_offer(offer)
    with pytest.raises(services.NotEditable):
        services.update_offer_from_link(offer, {})


# Consent ------------------------------------------------------------------------------------


def test_edit_link_submitted_offer_shows_consent_as_given_and_saves_without_it(client):
    offer, token = submit_offer()
    html = client.get(edit_url(token)).content.decode()
    assert 'name="consent"' not in html
    assert "Ihre Einwilligung liegt uns vor" in html
    response = client.post(edit_url(token), form_data(title="Neuer Titel", consent=None))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Neuer Titel"


def test_edit_link_offer_entered_by_the_team_asks_for_consent(client):
    offer = OfferFactory(contact_email="kim@beispiel.example")
    token = issue_edit_link(offer, OfferEditLink.Purpose.REISSUED, offer.contact_email)
    assert 'name="consent"' in client.get(edit_url(token)).content.decode()
    response = client.post(edit_url(token), form_data(consent=None))
    assert response.status_code == 200
    assert "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise" in response.content.decode()
    assert not OfferChange.objects.exists()


# Withdrawing -------------------------------------------------------------------------------------


def test_edit_link_withdraw_page_asks_once_without_checkbox(client):
    offer, token = published_offer()
    url = edit_url(token) + "zurueckziehen/"
    html = client.get(url).content.decode()
    assert "zurückziehen?</h1>" in html
    assert "Ja, Angebot zurückziehen" in html
    assert 'type="checkbox"' not in html
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED  # asking changes nothing
    response = client.post(url, {})
    assert response["Location"] == edit_url(token) + "?zurueckgezogen=1"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED


def test_edit_link_withdraw_removes_offer_from_catalogue_at_once(client):
    offer, token = published_offer()
    client.post(edit_url(token), form_data(title="Wartende Änderung"))
    mail.outbox.clear()
    assert client.get(offer.get_absolute_url()).status_code == 200
    response = client.post(edit_url(token) + "zurueckziehen/", {"confirm": "on"})
    assert response["Location"] == edit_url(token) + "?zurueckgezogen=1"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert not Offer.objects.visible().exists()
    entry = offer.transitions.first()
    assert (entry.to_status, entry.by, entry.reason) == (
        OfferStatus.ARCHIVED,
        None,
        "Von der Anbieter:in zurückgezogen",
    )
    assert OfferChange.objects.get().status == OfferChangeStatus.SUPERSEDED
    assert [m.to for m in mail.outbox] == [["team@kommune360.example"]]
    page = client.get(response["Location"]).content.decode()
    assert "Ihr Angebot ist zurückgezogen" in page
    assert "zurueckziehen/" not in page


def test_edit_link_withdraw_of_archived_offer_just_redirects(client):
    offer, token = submit_offer()
    services.archive_offer(offer)
    response = client.post(edit_url(token) + "zurueckziehen/", {"confirm": "on"})
    assert response["Location"] == edit_url(token)
    assert offer.transitions.count() == 2


def test_edit_link_withdraw_with_unknown_token_is_404(client):
    assert (
        client.post(edit_url(new_token()) + "zurueckziehen/", {"confirm": "on"}).status_code == 404
    )
    assert not Provider.objects.exists()


def test_edit_link_withdraw_page_submitted_offer_not_said_to_leave_catalogue(client):
    offer, token = submit_offer()
    html = client.get(edit_url(token) + "zurueckziehen/").content.decode()
    assert "wartet noch auf die Prüfung" in html
    assert "steht noch nicht im Katalog" in html
    assert "verschwindet es sofort aus dem Katalog" not in html
    edit_page = client.get(edit_url(token)).content.decode()
    assert "verschwindet sofort aus dem Katalog" not in edit_page
    assert "Wir prüfen es dann nicht" in edit_page


def test_edit_link_withdraw_page_published_offer_leaves_catalogue(client):
    offer, token = published_offer()
    html = client.get(edit_url(token) + "zurueckziehen/").content.decode()
    assert "verschwindet es sofort aus dem Katalog" in html
    assert "wartet noch auf die Prüfung" not in html
    assert "Es verschwindet sofort aus dem Katalog" in client.get(edit_url(token)).content.decode()


def test_edit_link_withdraw_page_expired_offer_already_out_of_catalogue(client):
    offer, token = published_offer()
    Offer.objects.filter(pk=offer.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = client.get(edit_url(token) + "zurueckziehen/").content.decode()
    assert "nicht mehr im Katalog, weil sein Gültigkeitsdatum abgelaufen ist" in html
    assert "verschwindet es sofort" not in html
