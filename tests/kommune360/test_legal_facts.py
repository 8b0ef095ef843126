"""The operator's facts on the legal pages come from settings (LEGAL_*), not templates."""

import re

import pytest
from django.core.checks import run_checks

from feedback.models import Contribution, ContributionKind
from kommune360.legal import FACTS

pytestmark = pytest.mark.django_db

PAGES = ("/impressum/", "/datenschutz/", "/barrierefreiheit/")

FILLED = {
    "operator_name": "Kommune 360° e. V.",
    "operator_street": "Lindenstraße 7",
    "operator_city": "12345 Beispielstadt",
    "representative": "Dr. Ada Muster, Vorstand",
    "email": "kontakt@kommune360.example",
    "phone": "+49 30 1234567",
    "content_responsible": "Ada Muster",
    "privacy_email": "datenschutz@kommune360.example",
    "privacy_officer": "Ben Schutz, Datenschutz GmbH, Hafenweg 1, 20457 Hamburg",
    "privacy_officer_email": "dsb@kommune360.example",
    "privacy_authority": "Die Landesbeauftragte für Datenschutz Beispielland, Amtsweg 2",
    "hosting_provider": "Rechenzentrum Nord GmbH, Kiel",
    "mail_provider": "Postdienst Süd AG, München",
    "video_service": "Konferenzdienst Mitte GmbH, Erfurt",
    "accessibility_email": "barrierefrei@kommune360.example",
    "accessibility_phone": "+49 30 7654321",
    "register": "Vereinsregister, Amtsgericht Beispielstadt, VR 4711",
    "vat_id": "",
    "supervisory_authority": "",
    "state_privacy_law": "",
    "third_country_transfers": "",
    "state_accessibility_law": "",
    "arbitration_board": "",
    "arbitration_board_url": "",
}


@pytest.fixture
def filled(settings):
    settings.LEGAL = dict(FILLED)
    return settings


@pytest.fixture
def empty(settings):
    settings.LEGAL = dict.fromkeys(FILLED, "")
    return settings


def test_legal_facts_settings_names_match_the_fact_list(settings):
    from kommune360 import settings as project_settings

    assert set(project_settings.LEGAL) == set(FACTS) == set(FILLED)


@pytest.mark.parametrize("url", PAGES)
def test_legal_page_all_facts_set_shows_no_placeholder(client, filled, url):
    html = client.get(url).content.decode()
    assert 'class="placeholder"' not in html
    assert "sind Platzhalter" not in html
    assert "Kommune 360° e. V." in html


@pytest.mark.parametrize("url", PAGES)
def test_legal_page_facts_missing_shows_placeholders_naming_variables(client, empty, url):
    html = client.get(url).content.decode()
    assert 'class="placeholder"' in html
    assert "LEGAL_OPERATOR_NAME" in html
    assert "sind Platzhalter" in html


def test_impressum_facts_set_shows_each_fact(client, filled):
    html = client.get("/impressum/").content.decode()
    for name in ("operator_street", "operator_city", "representative", "phone", "register"):
        assert FILLED[name] in html, name
    assert '<a href="mailto:kontakt@kommune360.example">' in html


def test_impressum_optional_fact_empty_leaves_its_section_out(client, filled):
    html = client.get("/impressum/").content.decode()
    assert "Registereintrag" in html
    assert "Umsatzsteuer-Identifikationsnummer" not in html  # vat_id is empty
    filled.LEGAL["register"] = ""
    assert "Registereintrag" not in client.get("/impressum/").content.decode()


def test_datenschutz_facts_set_names_processors_and_authority(client, filled):
    html = client.get("/datenschutz/").content.decode()
    for name in ("hosting_provider", "mail_provider", "video_service", "privacy_authority"):
        assert FILLED[name] in html, name
    assert "mailto:datenschutz@kommune360.example" in html


def test_datenschutz_public_body_law_only_when_set(client, filled):
    assert "lit. e DSGVO statt lit. f" not in client.get("/datenschutz/").content.decode()
    filled.LEGAL["state_privacy_law"] = "§ 3 Landesdatenschutzgesetz Beispielland"
    html = client.get("/datenschutz/").content.decode()
    assert "lit. e DSGVO statt lit. f, in Verbindung mit § 3 Landesdatenschutzgesetz" in html


def test_barrierefreiheit_state_arbitration_board_set_replaces_federal_one(client, filled):
    filled.LEGAL["arbitration_board"] = "Schlichtungsstelle beim Landesbeauftragten Beispielland"
    filled.LEGAL["arbitration_board_url"] = "https://schlichtung.beispielland.example/"
    html = client.get("/barrierefreiheit/").content.decode()
    assert "Schlichtungsstelle beim Landesbeauftragten Beispielland" in html
    assert 'href="https://schlichtung.beispielland.example/"' in html
    assert "schlichtungsstelle-bgg.de" not in html


def test_barrierefreiheit_no_state_board_names_federal_one(client, filled):
    html = client.get("/barrierefreiheit/").content.decode()
    assert "Schlichtungsstelle nach § 16 BGG" in html


def test_barrierefreiheit_names_site_address_and_known_issues(client, filled):
    filled.SITE_URL = "https://kommune360.example"
    html = client.get("/barrierefreiheit/").content.decode()
    assert 'href="https://kommune360.example/"' in html
    assert "Lean-Coffee-Board" in html
    assert "Gebärdensprache" in html
    assert "Konferenzdienst Mitte GmbH" in html


@pytest.mark.parametrize("url", [*PAGES, "/leichte-sprache/"])
def test_legal_page_sections_are_not_landmarks(client, url):
    # A <section> with a name becomes a region landmark; 6-14 of them per page drown the
    # real landmarks (header, navigation, main, footer).
    html = client.get(url).content.decode()
    assert not re.search(r"<section[^>]*aria-label", html)


def test_barrierefreiheit_feedback_link_opens_form_with_barrier_chosen(client):
    html = client.get("/barrierefreiheit/").content.decode()
    assert 'href="/mitdenken/?art=barriere"' in html
    form = client.get("/mitdenken/?art=barriere").content.decode()
    checked = re.search(r'<input[^>]*name="kind"[^>]*value="barriere"[^>]*>', form).group(0)
    assert "checked" in checked
    assert "Barriere melden" in form


def test_feedback_form_unknown_kind_in_link_preselects_nothing(client):
    form = client.get("/mitdenken/?art=%3Cscript%3E").content.decode()
    assert not re.search(r'<input[^>]*name="kind"[^>]*checked', form)


def test_deploy_check_facts_missing_warns_naming_variables(empty):
    messages = list(run_checks(include_deployment_checks=True, tags=["legal"]))
    assert [m.id for m in messages] == ["kommune360.W001"]
    assert "LEGAL_OPERATOR_NAME" in messages[0].hint
    assert "LEGAL_REGISTER" not in messages[0].hint  # optional


def test_deploy_check_all_required_facts_set_is_silent(filled):
    assert run_checks(include_deployment_checks=True, tags=["legal"]) == []


def test_deploy_check_not_run_without_deploy_flag(empty):
    assert run_checks(tags=["legal"]) == []


def test_barrier_report_submitted_reaches_team(client, settings):
    from tests.feedback.test_form import valid_data

    settings.FORM_MIN_FILL_SECONDS = 0
    data = valid_data(
        kind=ContributionKind.BARRIER, gap="", text="Der Kalender ist per Tab nicht erreichbar."
    )
    response = client.post("/mitdenken/", data)
    assert response.status_code == 302
    assert response["Location"].endswith("?art=barriere")
    assert Contribution.objects.get().kind == ContributionKind.BARRIER
    thanks = client.get(response["Location"]).content.decode()
    assert "spätestens nach einem Monat" in thanks
