"""Providers' overview of all their offers, reached by a signed e-mail link (no password)."""

import re

import pytest
from django.core import mail, signing
from django.core.cache import cache

from feedback import dsgvo
from offers.models import OfferEditLink, OfferStatus
from offers.provider_access import services
from offers.provider_access.views import EDIT_LINK_LIMIT, REQUEST_LIMIT
from offers.submission.tokens import find_edit_link
from tests.helpers import spam_fields

from .factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

REQUEST_URL = "/angebote/meine/"
_OVERVIEW = re.compile(r"/angebote/meine/([A-Za-z0-9_:\-.]+)/")
_EDIT = re.compile(r"/angebote/bearbeiten/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def provider_offers():
    provider = ProviderFactory(name="Forum Agile Kommune", email="info@forum.example")
    own = OfferFactory(title="Agil im Amt", provider=provider, contact_email="alex@forum.example")
    draft = OfferFactory(
        title="Kanban-Werkstatt",
        provider=provider,
        contact_email="",
        status=OfferStatus.SUBMITTED,
    )
    other = OfferFactory(title="Fremdes Angebot", contact_email="jemand@anders.example")
    return provider, own, draft, other


def overview_path(body: str) -> str:
    return _OVERVIEW.search(body).group(0)


def request_link(client, email):
    return client.post(REQUEST_URL, {"email": email, **spam_fields()})


# Service ---------------------------------------------------------------------------------


def test_offers_for_email_matches_contact_or_provider_address_any_case(provider_offers):
    _provider, own, draft, _other = provider_offers
    assert set(services.offers_for_email("ALEX@forum.example ")) == {own}
    assert set(services.offers_for_email("info@forum.example")) == {own, draft}
    assert not services.offers_for_email("")


def test_overview_token_holds_no_address_and_expires(provider_offers, monkeypatch):
    _provider, own, _draft, _other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    payload = signing.loads(token, salt="offers.provider-overview")
    assert "alex" not in repr(payload) and "forum.example" not in repr(payload)
    assert [o.pk for o in services.overview_for_token(token).offers] == [own.pk]
    monkeypatch.setattr(services, "OVERVIEW_MAX_AGE", -1)
    assert services.overview_for_token(token) is None


@pytest.mark.parametrize("token", ["", "kaputt", "a" * 300, "e30:1abc:xyz"])
def test_overview_for_token_refuses_forged_tokens(token):
    assert services.overview_for_token(token) is None


def test_overview_drops_offers_whose_address_changed(provider_offers):
    _provider, own, _draft, _other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    own.contact_email = "neu@forum.example"
    own.save()
    assert services.overview_for_token(token).offers == []


def test_overview_ignores_offer_ids_of_other_addresses(provider_offers):
    _provider, own, _draft, other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk, other.pk])
    assert [o.pk for o in services.overview_for_token(token).offers] == [own.pk]


# Request page ----------------------------------------------------------------------------


def test_request_page_renders_form(client):
    response = client.get(REQUEST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Angebote: Übersicht anfordern" in html and 'name="email"' in html
    assert 'name="robots" content="noindex"' in html


def test_request_known_address_mails_overview_link(client, provider_offers):
    response = request_link(client, "Info@Forum.example")
    assert response.status_code == 302
    assert response["Location"] == "/angebote/meine/gesendet/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["info@forum.example"]
    assert "2 Angebote" in message.body
    page = client.get(overview_path(message.body)).content.decode()
    assert "Agil im Amt" in page and "Kanban-Werkstatt" in page
    assert "Fremdes Angebot" not in page
    assert "eingereicht" in page and "im Katalog sichtbar" in page


def test_request_unknown_address_answers_the_same_and_sends_nothing(client, provider_offers):
    known = request_link(client, "alex@forum.example")
    unknown = request_link(client, "niemand@nirgends.example")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alex@forum.example"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte geben Sie Ihre E-Mail-Adresse an."),
        ("kaputt<script>", "Bitte geben Sie eine gültige E-Mail-Adresse an"),
        ("a" * 250 + "@x.de", "Die E-Mail-Adresse ist zu lang"),
    ],
)
def test_request_bad_input_german_error_and_input_kept(client, value, message):
    response = request_link(client, value)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#id_email"' in html
    if value:
        assert 'value="kaputt&lt;script&gt;"' in html or value[:20] in html
    assert not mail.outbox


def test_request_honeypot_refused(client, provider_offers):
    response = client.post(
        REQUEST_URL, {"email": "alex@forum.example", **spam_fields(), "website": "x"}
    )
    assert response.status_code == 200
    assert not mail.outbox


def test_request_rate_limited_keeps_input(client, provider_offers):
    limit, _window = REQUEST_LIMIT
    for _ in range(limit):
        assert request_link(client, "niemand@nirgends.example").status_code == 302
    response = request_link(client, "alex@forum.example")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bitte versuchen Sie es später noch einmal" in html
    assert 'value="alex@forum.example"' in html
    assert not mail.outbox


def test_request_per_address_limit_across_clients_answers_the_same(client, provider_offers):
    limit, _window = services.ADDRESS_LIMIT
    # Each request from another client, so only the per-address limit can stop them.
    for n in range(limit + 2):
        response = client.post(
            REQUEST_URL,
            {"email": "ALEX@forum.example " if n % 2 else "alex@forum.example", **spam_fields()},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 302
        assert response["Location"] == "/angebote/meine/gesendet/"
    assert len(mail.outbox) == limit
    page = client.get("/angebote/meine/gesendet/").content.decode()
    assert f"höchstens {limit} solche E-Mails am Tag" in page
    # Another address is not affected.
    client.post(
        REQUEST_URL, {"email": "info@forum.example", **spam_fields()}, REMOTE_ADDR="203.0.113.99"
    )
    assert len(mail.outbox) == limit + 1 and mail.outbox[-1].to == ["info@forum.example"]


def test_request_per_address_limit_keeps_no_address_in_clear(provider_offers):
    from django.db import connection

    for _ in range(2):
        services.request_overview("alex@forum.example")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM kommune360_cache")
        rows = cursor.fetchall()
    assert rows and not any("forum.example" in f"{key}{value}" for key, value in rows)


# Overview and edit links ------------------------------------------------------------------


def test_overview_invalid_token_shows_expired_page(client):
    response = client.get("/angebote/meine/kaputt/")
    assert response.status_code == 404
    assert "Neuen Link anfordern" in response.content.decode()


def test_overview_request_edit_link_mails_working_link_to_that_address(client, provider_offers):
    _provider, _own, draft, _other = provider_offers
    request_link(client, "info@forum.example")
    path = overview_path(mail.outbox[0].body)
    mail.outbox.clear()
    response = client.post(f"{path}bearbeitungslink/{draft.pk}/")
    assert response.status_code == 302
    assert f"gesendet={draft.pk}" in response["Location"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["info@forum.example"]  # the draft has no contact address
    token = _EDIT.search(message.body).group(1)
    link = find_edit_link(token)
    assert link.offer == draft
    assert link.purpose == OfferEditLink.Purpose.REQUESTED
    assert link.sent_to == "info@forum.example"
    page = client.get(response["Location"]).content.decode()
    assert "Wir haben Ihnen einen neuen Bearbeitungslink für „Kanban-Werkstatt“ geschickt." in page


def test_overview_edit_link_for_foreign_offer_is_404(client, provider_offers):
    _provider, own, _draft, other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    response = client.post(f"/angebote/meine/{token}/bearbeitungslink/{other.pk}/")
    assert response.status_code == 404
    assert not OfferEditLink.objects.exists()


def test_overview_edit_link_needs_post(client, provider_offers):
    _provider, own, _draft, _other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    assert client.get(f"/angebote/meine/{token}/bearbeitungslink/{own.pk}/").status_code == 405


def test_overview_edit_links_are_rate_limited(client, provider_offers):
    _provider, own, _draft, _other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    url = f"/angebote/meine/{token}/bearbeitungslink/{own.pk}/"
    limit, _window = EDIT_LINK_LIMIT
    for _ in range(limit):
        client.post(url)
    response = client.post(url)
    assert "zu-viele=1" in response["Location"]
    assert OfferEditLink.objects.count() == limit
    assert "Bitte später noch einmal" in client.get(response["Location"]).content.decode()


def test_requested_edit_link_is_in_the_dsgvo_export(client, provider_offers):
    _provider, own, _draft, _other = provider_offers
    token = services.overview_token("alex@forum.example", [own.pk])
    client.post(f"/angebote/meine/{token}/bearbeitungslink/{own.pk}/")
    export = dsgvo.export_for_email("alex@forum.example")
    assert "von der Anbieter:in angefordert" in dsgvo.to_json(export)


def test_offer_slug_meine_is_reserved(client):
    from offers.submission.values import RESERVED_OFFER_SLUGS

    assert "meine" in RESERVED_OFFER_SLUGS
    assert client.get(REQUEST_URL).templates[0].name == "offers/provider_access/request.html"
