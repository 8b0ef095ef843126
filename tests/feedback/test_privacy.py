"""DSGVO information (Art. 15) and erasure (Art. 17) across apps, and their admin pages."""

import json

import pytest
from django.contrib.auth.models import User

from feedback import dsgvo
from feedback import privacy as feedback_privacy
from feedback.models import Contribution, ContributionReply, ContributionStatus, ErasureRecord
from offers import privacy as offers_privacy
from offers.models import Offer
from tests.feedback.factories import ContributionFactory, CooperationRequestFactory, team_member
from tests.offers.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

EMAIL = "person@example.org"


# --- feedback.privacy ---------------------------------------------------------------


def test_feedback_export_contains_contributions_notes_replies_and_cooperation():
    cooperation = CooperationRequestFactory(
        contribution__email="Person@Example.org", phone="030 1", offer_or_seek="Räume"
    )
    contribution = cooperation.contribution
    contribution.internal_note = "Notiz des Teams"
    contribution.save()
    ContributionReply.objects.create(contribution=contribution, subject="Re", body="Danke")
    ContributionFactory(email="andere@example.org")
    data = feedback_privacy.export_for_email(EMAIL)
    [entry] = data["contributions"]
    assert entry["email"] == "Person@Example.org"
    assert entry["interne_notiz"] == "Notiz des Teams"
    assert entry["antwort_emails"] == [
        {"gesendet_am": entry["antwort_emails"][0]["gesendet_am"], "betreff": "Re", "text": "Danke"}
    ]
    assert entry["kooperation"]["telefon"] == "030 1"
    assert entry["kooperation"]["angebot_oder_suche"] == "Räume"


def test_feedback_export_unknown_address_is_empty():
    ContributionFactory()
    assert feedback_privacy.export_for_email("niemand@example.org") == {"contributions": []}


def test_feedback_erase_anonymises_matching_only():
    mine = ContributionFactory(email=EMAIL, published=True, text="Mein Text")
    other = ContributionFactory(email="andere@example.org", text="Fremder Text")
    assert feedback_privacy.erase_for_email(" PERSON@example.org ") == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.email == "" and mine.text == "" and mine.status == ContributionStatus.ARCHIVED
    assert other.text == "Fremder Text"
    assert feedback_privacy.erase_for_email(EMAIL) == 0  # idempotent


# --- offers.privacy -----------------------------------------------------------------


def test_offers_export_includes_own_contact_but_not_other_persons():
    provider = ProviderFactory(email=EMAIL)
    own = OfferFactory(contact_name="Pat", contact_email=EMAIL.upper())
    via_provider = OfferFactory(provider=provider, contact_name="Fremd", contact_email="f@x.de")
    OfferFactory(contact_email="f@x.de")
    data = offers_privacy.export_for_email(EMAIL)
    by_id = {entry["id"]: entry for entry in data["angebote"]}
    assert set(by_id) == {own.pk, via_provider.pk}
    assert by_id[own.pk]["ansprechperson"] == "Pat"
    assert "ansprechperson" not in by_id[via_provider.pk]
    assert "f@x.de" not in json.dumps(data)
    assert [p["id"] for p in data["anbieter_innen"]] == [provider.pk]


def test_offers_erase_blanks_contacts_and_keeps_offer_records():
    provider = ProviderFactory(email=EMAIL)
    offer = OfferFactory(contact_name="Pat", contact_email=EMAIL, title="Bleibt")
    untouched = OfferFactory(contact_name="Kim", contact_email="kim@x.de")
    assert offers_privacy.erase_for_email(EMAIL) == 2
    offer.refresh_from_db()
    provider.refresh_from_db()
    untouched.refresh_from_db()
    assert (offer.contact_name, offer.contact_email, offer.title) == ("", "", "Bleibt")
    assert offer.status == "archiviert"
    assert provider.email == ""
    assert untouched.contact_email == "kim@x.de"
    assert Offer.objects.count() == 2
    assert offers_privacy.erase_for_email(EMAIL) == 0


# --- aggregator -----------------------------------------------------------------------


def test_dsgvo_export_collects_all_apps():
    ContributionFactory(email=EMAIL)
    OfferFactory(contact_email=EMAIL)
    data = dsgvo.export_for_email(EMAIL)
    assert len(data["bereiche"]["feedback"]["daten"]["contributions"]) == 1
    assert len(data["bereiche"]["offers"]["daten"]["angebote"]) == 1
    expected_missing = [] if dsgvo._load("formats.privacy") else ["Formate (Anmeldungen)"]
    assert data["nicht_abgedeckt"] == expected_missing
    json.loads(dsgvo.to_json(data))


def test_dsgvo_missing_module_is_skipped(monkeypatch):
    monkeypatch.setitem(dsgvo.SOURCES, "nirgends", ("feedback.gibt_es_nicht", "Nirgends"))
    data = dsgvo.export_for_email(EMAIL)
    assert "Nirgends" in data["nicht_abgedeckt"]
    record = dsgvo.erase_for_email(EMAIL, by=None)
    assert "nirgends" not in record.counts


def test_dsgvo_broken_module_raises(monkeypatch, tmp_path):
    # A privacy module that exists but fails inside is a bug, not "no data here".
    (tmp_path / "k360_broken_privacy.py").write_text("import k360_does_not_exist\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(dsgvo.SOURCES, "kaputt", ("k360_broken_privacy", "Kaputt"))
    with pytest.raises(ModuleNotFoundError):
        dsgvo.export_for_email(EMAIL)


def test_dsgvo_erase_records_hash_not_address():
    user = team_member()
    ContributionFactory(email=EMAIL)
    OfferFactory(contact_email=EMAIL)
    record = dsgvo.erase_for_email(" Person@Example.org", by=user)
    assert record.counts["feedback"] == 1 and record.counts["offers"] == 1
    assert record.performed_by == user
    assert record.email_hash == dsgvo.email_hash(EMAIL)
    assert len(record.email_hash) == 64
    stored = json.dumps(
        list(ErasureRecord.objects.values("email_hash", "counts")), default=str
    ).lower()
    assert "person" not in stored and "example.org" not in stored


def test_dsgvo_erase_is_all_or_nothing(monkeypatch):
    contribution = ContributionFactory(email=EMAIL)

    def fail(email):
        raise RuntimeError("boom")

    monkeypatch.setattr(offers_privacy, "erase_for_email", fail)
    with pytest.raises(RuntimeError):
        dsgvo.erase_for_email(EMAIL, by=None)
    contribution.refresh_from_db()
    assert contribution.email == EMAIL
    assert not ErasureRecord.objects.exists()


# --- admin pages -----------------------------------------------------------------------


@pytest.fixture
def admin(client):
    user = User.objects.create_superuser("chefin", "chefin@example.org", "pw")
    client.force_login(user)
    return user


def test_admin_export_downloads_json(client, admin):
    ContributionFactory(email=EMAIL, text="Mein Beitrag")
    response = client.post("/verwaltung/feedback/erasurerecord/auskunft/", {"email": EMAIL})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["bereiche"]["feedback"]["daten"]["contributions"][0]["text"] == "Mein Beitrag"


def test_admin_export_invalid_address_shows_form(client, admin):
    response = client.post("/verwaltung/feedback/erasurerecord/auskunft/", {"email": "kaputt"})
    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.content.decode()


def test_admin_erase_needs_confirmation(client, admin):
    contribution = ContributionFactory(email=EMAIL)
    url = "/verwaltung/feedback/erasurerecord/loeschen/"
    preview = client.post(url, {"email": EMAIL})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Ja, endgültig löschen" in html
    contribution.refresh_from_db()
    assert contribution.email == EMAIL
    assert not ErasureRecord.objects.exists()
    done = client.post(url, {"email": EMAIL, "confirmed": "ja"})
    assert done.status_code == 302
    contribution.refresh_from_db()
    assert contribution.email == ""
    record = ErasureRecord.objects.get()
    assert record.performed_by == admin and record.counts["feedback"] == 1


def test_team_member_cannot_use_dsgvo_pages(client):
    client.force_login(team_member())
    for url in ("auskunft/", "loeschen/"):
        response = client.post(f"/verwaltung/feedback/erasurerecord/{url}", {"email": EMAIL})
        assert response.status_code == 403
    assert Contribution.objects.count() == 0
