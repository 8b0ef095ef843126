"""The public submission form /angebote/einreichen/: validation, provider matching, e-mails."""

import datetime
import hashlib
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from taggit.models import Tag

from kommune360 import mail as kommune360_mail
from kommune360.models import OutboxMail
from offers.models import Offer, OfferEditLink, OfferStatus, Provider
from offers.submission.views import SUBMIT_LIMIT
from tests.helpers import spam_fields

from .factories import OfferFactory, ProviderFactory
from .submission_helpers import SUBMIT_URL, edit_path_from, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def post(client, **overrides):
    return client.post(SUBMIT_URL, form_data(**overrides))


# The page ----------------------------------------------------------------------------------


def test_submission_page_shows_sections_help_and_privacy_link(client):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for legend in [
        "<legend>Angebot</legend>",
        "<legend>Zielgruppen und Themen</legend>",
        "<legend>Rahmen: Dauer, Kosten, Antrag, Reise</legend>",
        "<legend>Anbieter:in und Kontakt</legend>",
    ]:
        assert legend in html
    assert "/datenschutz/#angebote-einreichen" in html
    assert 'type="checkbox" name="audiences" value="fuehrungskraefte"' in html
    assert 'name="website"' in html and 'name="form_started"' in html  # spam protection
    assert "<script" not in html.split("<body>")[1]  # works without JavaScript


def test_submission_route_is_not_taken_by_offer_detail(client):
    # angebote/<slug>/ must not swallow the form, even if an offer had that slug.
    assert client.get("/angebote/einreichen/").templates[0].name == "offers/submission/submit.html"


# Happy path -----------------------------------------------------------------------------------


def test_submission_valid_post_creates_submitted_offer_and_redirects(client):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/angebote/einreichen/danke/?eingang=")
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED
    assert offer.submitted_at is not None
    assert offer.slug == "agile-methoden-fuer-die-kommunalverwaltung"
    assert sorted(offer.audiences.values_list("slug", flat=True)) == [
        "fuehrungskraefte",
        "planungskraefte",
    ]
    assert list(offer.gaps.values_list("slug", flat=True)) == ["innovative-arbeitsweisen"]
    assert offer.cross_departmental and not offer.participatory
    assert offer.certificate and not offer.travel_required
    assert sorted(offer.tags.names()) == ["Kanban", "Scrum"]
    transition = offer.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == (
        OfferStatus.DRAFT,
        OfferStatus.SUBMITTED,
        None,
    )
    assert transition.reason == "Über das Formular eingereicht"
    assert not Offer.objects.visible().exists()  # waits for moderation


def test_submission_confirmation_page_names_the_offer(client):
    response = post(client)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Agile Methoden für die Kommunalverwaltung" in html
    assert "a…@forum-agil.example" in html
    # Without (or with a forged) receipt the page still thanks, without details.
    generic = client.get("/angebote/einreichen/danke/?eingang=1").content.decode()
    assert "Danke" in generic and "Agile Methoden" not in generic


def test_submission_sends_confirmation_with_private_link_and_team_mail(client, settings):
    settings.SITE_URL = "https://kommune360.example"
    settings.TEAM_EMAIL = "team@kommune360.example"
    post(client)
    assert len(mail.outbox) == 2
    confirmation, team = mail.outbox
    assert confirmation.to == ["alex@forum-agil.example"]
    assert "eingegangen" in confirmation.subject
    path = edit_path_from(confirmation)
    assert f"https://kommune360.example{path}" in confirmation.body
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html" and path in html
    token = path.rstrip("/").rsplit("/", 1)[1]
    link = OfferEditLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.token_hash  # only the hash is stored
    assert team.to == ["team@kommune360.example"]
    assert "/verwaltung/offers/offer/" in team.body
    assert "noch nicht freigegeben" in team.body  # a new provider
    assert client.get(path).status_code == 200


def test_submission_slug_gets_suffix_when_taken(client):
    OfferFactory(slug="agile-methoden-fuer-die-kommunalverwaltung")
    post(client)
    assert Offer.objects.filter(slug="agile-methoden-fuer-die-kommunalverwaltung-2").exists()


def test_submission_slug_never_shadows_provider_pages(client):
    post(client, title="Einreichen")
    assert Offer.objects.get().slug == "einreichen-2"


def test_submission_german_decimal_comma_and_paid_offer(client):
    post(client, is_free="nein", cost_eur="89,50", time_commitment_hours="1,5")
    offer = Offer.objects.get()
    assert str(offer.cost_eur) == "89.50" and str(offer.time_commitment_hours) == "1.5"


def test_submission_mail_server_down_saves_offer_and_mails_later(client, mail_server_down):
    response = post(client)
    assert response.status_code == 302
    assert Offer.objects.filter(status=OfferStatus.SUBMITTED).count() == 1
    assert not mail.outbox
    mail_server_down.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kommune360_mail.deliver_round(now=timezone.now() + datetime.timedelta(hours=7))
    assert len(mail.outbox) == 2  # the confirmation with the edit link, the team's note


def test_submission_mail_rendering_fails_saves_nothing(client, settings):
    # A mail that cannot be rendered rolls back the offer it is about: no offer without
    # its confirmation (and edit link). The test client re-raises what a 500 would hide.
    settings.MAIL_DELIVERY = "queue"
    broken = mock.patch("kommune360.mail.render_to_string", side_effect=RuntimeError("broken"))
    with broken, pytest.raises(RuntimeError):
        post(client)
    assert not Offer.objects.exists()
    assert not OfferEditLink.objects.exists()
    assert not OutboxMail.objects.exists()


# Provider matching -----------------------------------------------------------------------------


def test_submission_provider_matched_by_name_case_insensitive_and_trimmed(client):
    existing = ProviderFactory(
        name="Forum Agile Kommune", email="alt@forum.example", website="https://alt.example"
    )
    post(client, provider_name="  forum   agile KOMMUNE ", provider_email="neu@x.example")
    offer = Offer.objects.get()
    assert offer.provider == existing
    existing.refresh_from_db()
    # An approved provider's data is never changed from the public form.
    assert (existing.email, existing.website, existing.is_approved) == (
        "alt@forum.example",
        "https://alt.example",
        True,
    )
    assert Provider.objects.count() == 1


def test_submission_provider_matched_by_email(client):
    existing = ProviderFactory(name="Ganz anderer Name", email="info@forum-agil.example")
    post(client)
    assert Offer.objects.get().provider == existing
    assert Provider.objects.count() == 1


def test_submission_unknown_provider_is_created_pending_approval(client):
    post(client)
    provider = Offer.objects.get().provider
    assert (provider.name, provider.kind, provider.is_approved) == (
        "Forum Agile Kommune",
        "verein",
        False,
    )
    assert provider.email == "info@forum-agil.example"
    assert provider.slug == "forum-agile-kommune"


def test_submission_second_submission_reuses_pending_provider(client):
    post(client)
    post(client, title="Noch ein Angebot")
    assert Provider.objects.count() == 1
    assert Offer.objects.count() == 2


# Tags ------------------------------------------------------------------------------------------


def test_submission_tags_reuse_existing_tags_case_insensitively(client):
    Tag.objects.create(name="Design Thinking")
    post(client, tags_text="design thinking, Retrospektive")
    assert sorted(Offer.objects.get().tags.names()) == ["Design Thinking", "Retrospektive"]
    assert Tag.objects.filter(name__iexact="design thinking").count() == 1


def test_submission_single_tag_with_space_stays_one_tag(client):
    post(client, tags_text="Design Thinking")
    assert list(Offer.objects.get().tags.names()) == ["Design Thinking"]


def test_submission_too_many_or_too_long_tags_are_refused(client):
    response = post(client, tags_text=", ".join(f"Tag{i}" for i in range(11)))
    assert "höchstens 10 Schlagworte" in response.content.decode()
    response = post(client, tags_text="x" * 51)
    assert "höchstens 50 Zeichen" in response.content.decode()
    assert not Offer.objects.exists()


# Bad input --------------------------------------------------------------------------------------


def assert_refused(response, *fields):
    assert response.status_code == 200
    form = response.context["form"]
    for field in fields:
        assert field in form.errors, (field, form.errors)
    assert not Offer.objects.exists()
    assert not Provider.objects.exists()
    assert not mail.outbox


def test_submission_empty_post_lists_every_required_field(client):
    response = client.post(SUBMIT_URL, spam_fields())
    assert_refused(
        response,
        "title",
        "summary",
        "offer_type",
        "audiences",
        "topics",
        "delivery",
        "is_free",
        "region_scope",
        "provider_name",
        "contact_name",
        "contact_email",
        "consent",
    )
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_audiences_0"' in html  # summary links into the checkbox group
    assert "Bitte wählen Sie mindestens eine Zielgruppe." in html


def test_submission_model_rules_show_as_field_errors(client):
    assert_refused(post(client, is_free="ja", cost_eur="10"), "cost_eur")
    assert_refused(post(client, is_free="nein", cost_eur=""), "cost_eur")
    assert_refused(post(client, url="ftp://example.org/kurs"), "url")
    response = post(client, region_scope="kommune", state="", municipality="")
    assert_refused(response, "municipality", "state")
    assert "Bitte die Kommune nennen" in response.content.decode()
    assert_refused(post(client, region_scope="bundesweit", state="bayern"), "region_scope")


def test_submission_too_long_text_is_refused(client):
    assert_refused(post(client, title="x" * 201), "title")
    assert_refused(post(client, summary="x" * 401), "summary")
    assert_refused(post(client, description="x" * 5001), "description")


def test_submission_wrong_types_and_unknown_ids_are_refused(client):
    assert_refused(
        post(
            client,
            time_commitment_hours="viel",
            cost_eur="gratis",
            valid_until="morgen",
            offer_type="gibt-es-nicht",
            audiences=["gibt-es-nicht"],
            topics=["1 OR 1=1"],
            gaps=["<b>"],
            principles=["unbekannt"],
            delivery="brieftaube",
            region_scope="mond",
            state="atlantis",
            language="klingonisch",
            provider_kind="geheim",
            is_free="vielleicht",
        ),
        "time_commitment_hours",
        "valid_until",
        "offer_type",
        "audiences",
        "topics",
        "gaps",
        "principles",
        "delivery",
        "region_scope",
        "state",
        "language",
        "provider_kind",
        "is_free",
    )


def test_submission_invalid_email_and_url_are_refused(client):
    assert_refused(
        post(
            client,
            contact_email="keine-adresse",
            provider_email="a@",
            url="javascript:alert(1)",
            provider_website="http://",
        ),
        "contact_email",
        "provider_email",
        "url",
        "provider_website",
    )


def test_submission_past_valid_until_is_refused(client):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    assert_refused(post(client, valid_until=yesterday.isoformat()), "valid_until")


def test_submission_keeps_everything_typed_after_an_error(client):
    response = post(client, contact_email="falsch", gaps=["kommunalpolitik"], principles=[])
    html = response.content.decode()
    assert 'value="Agile Methoden für die Kommunalverwaltung"' in html
    assert "Ein Einstieg in Scrum und Kanban" in html
    assert 'value="kommunalpolitik" id="id_gaps_3" checked' in html
    assert 'value="planungskraefte" id="id_audiences_1" checked' in html
    assert 'value="Scrum, Kanban"' in html
    assert 'value="falsch"' in html
    assert (
        'name="certificate" aria-describedby="id_certificate_helptext" id="id_certificate" checked'
        in html
    )


def test_submission_markup_is_shown_as_text(client):
    response = post(client, title="<script>alert(1)</script>", contact_email="x")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_submission_control_characters_are_removed(client):
    post(client, title="Agil\x00 im\x07 Amt\u202e", summary="Zeile eins\r\nZeile\x00 zwei")
    offer = Offer.objects.get()
    assert offer.title == "Agil im Amt"
    assert offer.summary == "Zeile eins\nZeile zwei"


# Provider kind and autocomplete ----------------------------------------------------------


def test_submission_provider_kind_starts_with_please_choose_and_is_required(client):
    html = client.get(SUBMIT_URL).content.decode()
    assert '<option value="" selected>Bitte wählen</option>' in html
    response = post(client, provider_kind=None)
    assert response.status_code == 200
    assert "Bitte wählen Sie die Art der Anbieter:in." in response.content.decode()
    assert not Offer.objects.exists()


def test_submission_contact_fields_have_autocomplete(client):
    html = client.get(SUBMIT_URL).content.decode()
    assert 'name="contact_name" autocomplete="name"' in html
    assert 'name="contact_email" autocomplete="email"' in html
    assert 'name="provider_name" autocomplete="organization"' in html


# Spam protection and rate limit --------------------------------------------------------------


def test_submission_honeypot_or_fast_fill_is_refused(client):
    response = post(client, website="http://spam.example")
    assert "automatische" in response.content.decode()
    response = client.post(SUBMIT_URL, {**form_data(), **spam_fields(seconds_ago=0)})
    assert "automatische" in response.content.decode()
    assert not Offer.objects.exists()


def test_submission_autofilled_within_two_seconds_is_accepted(client):
    # Browser autofill: a complete form two seconds after it was shown is a person.
    response = client.post(SUBMIT_URL, {**form_data(), **spam_fields(seconds_ago=2)})
    assert response.status_code == 302
    assert Offer.objects.count() == 1


# Titles unlike each other: similar ones from the same provider ask for confirmation first.
DISTINCT_TITLES = ["Scrum im Amt", "Kanban-Tafel", "Beteiligung planen", "Sozialraum", "OKR"]


def test_submission_rate_limit_answers_429_and_keeps_the_input(client):
    for number in range(SUBMIT_LIMIT):
        assert post(client, title=DISTINCT_TITLES[number]).status_code == 302
    response = post(client, title="Eins zu viel")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bitte versuchen Sie es später noch einmal" in html
    assert 'value="Eins zu viel"' in html
    assert Offer.objects.count() == SUBMIT_LIMIT


def test_submission_rate_limit_is_per_client(client):
    for number in range(SUBMIT_LIMIT):
        assert post(client, title=DISTINCT_TITLES[number]).status_code == 302
    other = client.post(SUBMIT_URL, form_data(title="Andere IP"), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302
