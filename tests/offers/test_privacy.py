"""DSGVO information (Art. 15) and erasure (Art. 17) in the catalogue: every place an
address is stored — offers, providers, edit links, messages, reminders, proposed changes."""

import datetime
import json

import pytest
from django.utils import timezone

from feedback import dsgvo
from offers import privacy, services
from offers.models import (
    Offer,
    OfferChange,
    OfferEditLink,
    OfferMessage,
    OfferReminder,
    OfferStatus,
    Provider,
)
from offers.submission.values import values_of_offer
from tests.offers.factories import OfferFactory, ProviderFactory
from tests.offers.submission_helpers import submit_offer, submitted_values, team_member

pytestmark = pytest.mark.django_db

CONTACT = "alex@forum-agil.example"
PROVIDER = "info@forum-agil.example"


def everywhere():
    """A submitted offer that was published, got a message, a reminder and a pending
    change — so the contact address is stored in every place the app knows."""
    offer, _token = submit_offer(
        valid_until=(timezone.localdate() + datetime.timedelta(20)).isoformat()
    )
    team = team_member()
    services.publish_offer(offer, by=team, notify_provider=True)
    services.remind_offer(offer)
    services.update_offer_from_link(
        offer, submitted_values(title="Agile Methoden, neu", valid_until="")
    )
    offer.refresh_from_db()
    return offer


def stored_addresses() -> str:
    """Every stored value that may hold an address, as one lower-case text."""
    rows = [
        list(Offer.objects.values_list("contact_name", "contact_email")),
        list(Provider.objects.values_list("email", flat=True)),
        list(OfferEditLink.objects.values_list("sent_to", flat=True)),
        list(OfferMessage.objects.values_list("emailed_to", flat=True)),
        list(OfferReminder.objects.values_list("sent_to", flat=True)),
        list(OfferChange.objects.values_list("values", flat=True)),
    ]
    return json.dumps(rows, ensure_ascii=False).lower()


def test_privacy_submission_stores_address_in_every_place():
    # Guards the other tests: they are only meaningful if the flow writes everywhere.
    offer = everywhere()
    assert offer.edit_links.filter(sent_to=CONTACT).count() == 2  # submitted, reminder
    assert offer.messages.get().emailed_to == CONTACT
    assert offer.reminders.get().sent_to == CONTACT
    change = offer.changes.get(status="offen")
    assert change.values["contact_email"] == CONTACT
    assert change.values["provider"]["email"] == PROVIDER


def test_privacy_export_lists_links_messages_reminders_and_changes():
    offer = everywhere()
    data = privacy.export_for_email(CONTACT.upper())
    assert [entry["id"] for entry in data["angebote"]] == [offer.pk]
    assert data["angebote"][0]["ansprechperson"] == "Alex Beispiel"
    assert {link["an"] for link in data["bearbeitungslinks"]} == {CONTACT}
    assert len(data["bearbeitungslinks"]) == 2
    [message] = data["nachrichten"]
    assert message["anlass"] == "Angebot veröffentlicht" and message["per_email_an"] == CONTACT
    [reminder] = data["ablauf_erinnerungen"]
    assert reminder["an"] == CONTACT and reminder["gueltig_bis"] == offer.valid_until.isoformat()
    [change] = data["aenderungsvorschlaege"]
    assert change["vorgeschlagene_angaben"]["title"] == "Agile Methoden, neu"
    assert change["vorgeschlagene_angaben"]["contact_email"] == CONTACT
    # The provider's address belongs to somebody else: not in this person's export.
    assert "email" not in change["vorgeschlagene_angaben"]["provider"]
    assert PROVIDER not in json.dumps(data)
    json.loads(dsgvo.to_json(dsgvo.export_for_email(CONTACT)))


def test_privacy_export_by_provider_address_hides_contact_person():
    everywhere()
    data = privacy.export_for_email(PROVIDER)
    [change] = data["aenderungsvorschlaege"]
    assert change["vorgeschlagene_angaben"]["provider"]["email"] == PROVIDER
    assert "contact_email" not in change["vorgeschlagene_angaben"]
    assert "contact_name" not in change["vorgeschlagene_angaben"]
    assert data["bearbeitungslinks"] == data["nachrichten"] == []
    assert CONTACT not in json.dumps(data) and "Alex Beispiel" not in json.dumps(data)


def test_privacy_export_unknown_address_is_empty():
    everywhere()
    data = privacy.export_for_email("niemand@example.org")
    assert all(value == [] for value in data.values())


def test_privacy_erase_contact_blanks_every_place_and_archives_offer(client):
    offer = everywhere()
    changed = privacy.erase_for_email(f" {CONTACT.upper()} ")
    # offer + 2 links + message + reminder + change
    assert changed == 6
    text = stored_addresses()
    assert CONTACT not in text and "alex beispiel" not in text
    offer.refresh_from_db()
    # The record stays, but the offer leaves the catalogue (withdrawn consent).
    assert offer.title == "Agile Methoden für die Kommunalverwaltung"
    assert offer.status == OfferStatus.ARCHIVED
    assert offer.transitions.first().reason == privacy.WITHDRAWN_CONSENT
    assert client.get(offer.get_absolute_url()).status_code == 404
    change = offer.changes.first()
    assert change.values["title"] == "Agile Methoden, neu"
    assert (change.values["contact_name"], change.values["contact_email"]) == ("", "")
    # Somebody else's address in the same change stays.
    assert change.values["provider"]["email"] == PROVIDER
    assert offer.provider.email == PROVIDER
    assert privacy.erase_for_email(CONTACT) == 0
    assert all(value == [] for value in privacy.export_for_email(CONTACT).values())


def test_privacy_erase_provider_address_keeps_contact_person():
    offer = everywhere()
    assert privacy.erase_for_email(PROVIDER) == 2  # provider + change
    assert PROVIDER not in stored_addresses()
    offer.refresh_from_db()
    assert offer.contact_email == CONTACT
    change = offer.changes.get(status="offen")
    assert change.values["provider"]["email"] == ""
    assert change.values["contact_email"] == CONTACT


def test_privacy_erased_change_can_still_be_approved():
    # Erasing the provider's address (not the contact person) keeps the offer listed,
    # and its pending change, now without that address, can still be approved.
    offer = everywhere()
    privacy.erase_for_email(PROVIDER)
    change = offer.changes.get(status="offen")
    assert change.values["provider"]["email"] == ""
    services.approve_change(change, by=team_member("zweite"))
    offer.refresh_from_db()
    assert offer.title == "Agile Methoden, neu"
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.contact_email == CONTACT


def test_privacy_anonymise_offer_removes_all_contact_data():
    offer = everywhere()
    other = OfferFactory(contact_name="Kim", contact_email="kim@example.org")
    assert Offer.objects.filter(privacy.holds_personal_data(), pk=offer.pk).exists()
    privacy.anonymise_offer(offer)
    text = stored_addresses()
    assert CONTACT not in text and "alex beispiel" not in text
    assert not Offer.objects.filter(privacy.holds_personal_data(), pk=offer.pk).exists()
    assert Offer.objects.filter(privacy.holds_personal_data(), pk=other.pk).exists()
    change = offer.changes.get(status="offen")
    assert change.values["provider"] == {**values_of_offer(offer)["provider"], "email": ""}


@pytest.mark.parametrize(
    ("values", "personal"),
    [
        ({}, False),
        ({"contact_name": "", "contact_email": "", "provider": {"email": ""}}, False),
        ({"contact_name": None, "provider": {}}, False),
        ({"contact_name": "Pat"}, True),
        ({"contact_email": "p@example.org", "provider": {"email": ""}}, True),
        ({"contact_name": "", "provider": {"name": "X", "email": "x@example.org"}}, True),
    ],
)
def test_privacy_change_has_personal_values_query(values, personal):
    change = OfferChange.objects.create(offer=OfferFactory(), values=values)
    found = OfferChange.objects.filter(privacy.change_has_personal_values(), pk=change.pk)
    assert found.exists() is personal


def test_privacy_dsgvo_preview_counts_new_places():
    everywhere()
    [offers_section] = [
        entry for entry in dsgvo.preview_for_email(CONTACT) if entry["label"].startswith("Angebote")
    ]
    # offer, 2 links, message, reminder, change
    assert offers_section["found"] == 6


def test_privacy_erase_through_dsgvo_covers_offers_places():
    ProviderFactory(email="dritte@example.org")
    everywhere()
    record = dsgvo.erase_for_email(CONTACT, by=None)
    assert record.counts["offers"] == 6
    assert CONTACT not in stored_addresses()
    assert "dritte@example.org" in stored_addresses()
