"""The public contribution form at /mitdenken/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    CooperationRequest,
    PublicName,
)
from feedback.views import RATE_LIMIT
from kommune360 import mail as kommune360_mail
from kommune360.models import OutboxMail
from offers.models import OfferStatus
from tests.feedback.factories import gap
from tests.feedback.html import read_form
from tests.helpers import spam_fields
from tests.offers.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

URL = "/mitdenken/"


def valid_data(**overrides):
    data = {
        "kind": ContributionKind.HINT,
        "role": "kommunal",
        "name": "Kim Beispiel",
        "email": "kim@stadt.example",
        "organisation": "Stadt Beispielhausen",
        "gap": "innovative-arbeitsweisen",
        "offer": "",
        "text": "Sie haben die Fortbildungsgenehmigung vergessen.",
        "public_name": PublicName.ANONYMOUS,
        "preferred_contact": "email",
        "consent": "on",
        **spam_fields(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def cooperation_data(**overrides):
    return valid_data(
        **{
            "kind": ContributionKind.COOPERATION,
            "organisation_type": "hochschule",
            "offer_or_seek": "Ein Modul zur Netzwerksteuerung.",
            **overrides,
        }
    )


def test_start_page_explains_diskursanfrage(client):
    html = client.get(URL).content.decode()
    assert "Diskursanfrage: Sie möchten eine Frage mit uns und anderen diskutieren" in html


def test_start_page_get_renders_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page"' in html and ">Mitdenken<" in html
    for label in (
        "Erfahrung teilen",
        "Widerspruch",
        "Diskursanfrage",
        "Hinweis: „Was haben wir übersehen?“",
        "Mitmachen in der Initiative",
        "Kooperationsanfrage",
        "kommunale:r Akteur:in",
        "Nur für Kooperationsanfragen",
    ):
        assert label in html
    assert 'name="website"' in html and 'name="form_started"' in html
    assert "<script>" not in html and 'style="' not in html


def test_start_page_gap_link_prefills_gap_and_hint(client):
    response = client.get(URL, {"leerstelle": "kommunalpolitik"})
    form = response.context["form"]
    assert form.initial["gap"] == "kommunalpolitik"
    assert form.initial["kind"] == ContributionKind.HINT
    html = response.content.decode()
    fields = read_form(html)
    assert fields["selected"]["gap"] == "kommunalpolitik"
    assert fields["checked"]["kind"] == ["hinweis"]
    assert "Zugang für Kommunalpolitik" in html and "/leerstellen/kommunalpolitik/" in html


def test_start_page_offer_link_prefills_visible_offer(client):
    offer = OfferFactory(title="Lean Coffee für Ämter")
    response = client.get(URL, {"angebot": offer.slug})
    assert response.context["form"].initial["offer"] == offer.slug
    assert read_form(response.content.decode())["selected"]["offer"] == offer.slug


@pytest.mark.parametrize(
    "params",
    [
        {"leerstelle": "gibt-es-nicht"},
        {"angebot": "gibt-es-nicht"},
        {"leerstelle": "<script>alert(1)</script>"},
        {"angebot": "a\x00b"},
        {"leerstelle": "x" * 5000},
    ],
)
def test_start_page_unknown_reference_is_ignored(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].initial.get("gap") is None
    assert response.context["form"].initial.get("offer") is None
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_start_page_hidden_offer_is_not_prefilled_or_listed(client):
    draft = OfferFactory(status=OfferStatus.DRAFT, title="Geheimer Entwurf")
    response = client.get(URL, {"angebot": draft.slug})
    assert response.context["form"].initial.get("offer") is None
    assert "Geheimer Entwurf" not in response.content.decode()


def test_submit_valid_saves_and_redirects_to_thanks(client):
    response = client.post(URL, valid_data(public_opt_in="on", public_name="mit-namen"))
    assert response.status_code == 302
    assert response["Location"] == "/mitdenken/danke/?art=hinweis"
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.NEW
    assert contribution.gap == gap("innovative-arbeitsweisen")
    assert contribution.public_opt_in is True
    assert contribution.public_name == PublicName.WITH_NAME
    assert contribution.consent_at is not None
    assert not CooperationRequest.objects.exists()
    page = client.get(response["Location"])
    assert "Danke für Ihren Beitrag" in page.content.decode()


def test_submit_valid_sends_confirmation_and_team_mail(client, settings):
    settings.TEAM_EMAIL = "team@test.example"
    settings.SITE_URL = "https://k360.example"
    client.post(URL, valid_data(text="Erste Zeile <b>fett</b>\nZweite Zeile"))
    assert len(mail.outbox) == 2
    confirmation, team = mail.outbox
    assert confirmation.to == ["kim@stadt.example"]
    assert confirmation.reply_to == ["team@test.example"]
    assert "Danke" in confirmation.subject
    assert "Erste Zeile <b>fett</b>" in confirmation.body
    html, mimetype = confirmation.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;b&gt;fett&lt;/b&gt;" in html and "<b>fett</b>" not in html
    assert "https://k360.example/datenschutz/" in confirmation.body
    assert team.to == ["team@test.example"]
    assert team.reply_to == ["kim@stadt.example"]
    pk = Contribution.objects.get().pk
    assert f"https://k360.example/verwaltung/feedback/contribution/{pk}/change/" in team.body
    assert team.alternatives[0][1] == "text/html"


def test_submit_without_opt_in_stores_anonymous_choice(client):
    client.post(URL, valid_data(public_name="mit-namen"))
    contribution = Contribution.objects.get()
    assert contribution.public_opt_in is False
    assert contribution.public_name == PublicName.ANONYMOUS


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "Bitte schreiben Sie uns Ihren Beitrag."),
        ("text", "\x01\x02 ", "Bitte schreiben Sie uns Ihren Beitrag."),
        ("text", "x" * 5001, "höchstens 5000 Zeichen"),
        ("email", "keine-adresse", "gültige E-Mail-Adresse"),
        ("email", "", "Bitte geben Sie Ihre E-Mail-Adresse an."),
        ("name", "", "Bitte nennen Sie Ihren Namen."),
        ("kind", "", "Bitte wählen Sie aus, worum es"),
        ("kind", "spam", "Bitte eine gültige Auswahl treffen"),
        ("role", "", "in welcher Rolle"),
        ("gap", "gibt-es-nicht", "Diese Leerstelle gibt es nicht"),
        ("offer", "gibt-es-nicht", "nicht (mehr) im Katalog"),
        ("consent", None, "Datenschutzhinweise gelesen"),
    ],
)
def test_submit_invalid_field_shows_german_error_and_saves_nothing(client, field, value, message):
    data = valid_data(**{field: value})  # None leaves the field out
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert f'href="#id_{field}' in html
    assert not Contribution.objects.exists()
    assert not mail.outbox


def test_submit_error_keeps_everything_typed(client):
    data = cooperation_data(
        email="kaputt",
        text="Mein langer Text\nmit zwei Zeilen",
        organisation="Hochschule Nord",
        phone="030 123456",
        preferred_contact="telefon",
        public_opt_in="on",
        public_name="mit-namen",
    )
    response = client.post(URL, data)
    fields = read_form(response.content.decode())
    assert fields["textareas"]["text"] == "Mein langer Text\nmit zwei Zeilen"
    assert fields["textareas"]["offer_or_seek"] == "Ein Modul zur Netzwerksteuerung."
    assert fields["values"]["email"] == "kaputt"
    assert fields["values"]["name"] == "Kim Beispiel"
    assert fields["values"]["organisation"] == "Hochschule Nord"
    assert fields["values"]["phone"] == "030 123456"
    assert fields["selected"] == {
        "gap": "innovative-arbeitsweisen",
        "offer": "",
        "need_audience": "",
        "need_topic": "",
        "organisation_type": "hochschule",
    }
    assert fields["checked"] == {
        "kind": ["kooperation"],
        "role": ["kommunal"],
        "preferred_contact": ["telefon"],
        "public_opt_in": ["on"],
        "public_name": ["mit-namen"],
        "consent": ["on"],
    }


def test_submit_error_links_radio_group_and_describes_field(client):
    response = client.post(URL, valid_data(kind="", email="kaputt"))
    html = response.content.decode()
    assert 'href="#id_kind_0"' in html
    assert 'aria-describedby="id_kind_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html


def test_submit_cooperation_creates_request(client):
    response = client.post(
        URL, cooperation_data(preferred_contact="telefon", phone="+49 30 1234567")
    )
    assert response["Location"].endswith("?art=kooperation")
    cooperation = CooperationRequest.objects.select_related("contribution").get()
    assert cooperation.contribution.kind == ContributionKind.COOPERATION
    assert cooperation.organisation_type == "hochschule"
    assert cooperation.phone == "+49 30 1234567"
    assert cooperation.status == "neu"
    assert "Kooperationsanfrage" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"organisation_type": ""}, "organisation_type", "die Art Ihrer Organisation"),
        ({"offer_or_seek": "  "}, "offer_or_seek", "was Sie anbieten oder suchen"),
        ({"organisation": ""}, "organisation", "den Namen Ihrer Organisation"),
        ({"preferred_contact": "telefon", "phone": ""}, "phone", "wenn wir anrufen sollen"),
        ({"phone": "ruf mich an"}, "phone", "nur mit Ziffern"),
    ],
)
def test_submit_cooperation_missing_details_refused(client, overrides, field, message):
    response = client.post(URL, cooperation_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Contribution.objects.exists()
    assert not CooperationRequest.objects.exists()


def test_submit_other_kind_ignores_cooperation_fields(client):
    response = client.post(
        URL, valid_data(organisation_type="", offer_or_seek="", phone="kein telefon")
    )
    assert response.status_code == 302
    assert not CooperationRequest.objects.exists()


def test_submit_hidden_offer_refused(client):
    draft = OfferFactory(status=OfferStatus.DRAFT)
    response = client.post(URL, valid_data(offer=draft.slug))
    assert "nicht (mehr) im Katalog" in response.content.decode()
    assert not Contribution.objects.exists()


def test_submit_visible_offer_saved(client):
    offer = OfferFactory()
    client.post(URL, valid_data(gap="", offer=offer.slug))
    assert Contribution.objects.get().offer == offer


def test_submit_control_characters_are_removed(client):
    client.post(URL, valid_data(name="Kim\x07 Beispiel\u200b", text="A\x07B\r\nC\tD"))
    contribution = Contribution.objects.get()
    assert contribution.name == "Kim Beispiel"
    assert contribution.text == "AB\nC\tD"


def test_submit_honeypot_filled_refused(client):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "automatische" in response.content.decode()
    assert not Contribution.objects.exists()


def test_submit_too_fast_refused(client, settings):
    settings.FORM_MIN_FILL_SECONDS = 30
    response = client.post(URL, valid_data(**spam_fields(seconds_ago=1)))
    assert "automatische" in response.content.decode()
    assert not Contribution.objects.exists()


def test_submit_autofilled_within_two_seconds_accepted(client):
    # Browser autofill: a complete form two seconds after it was shown is a person.
    response = client.post(URL, valid_data(**spam_fields(seconds_ago=2)))
    assert response.status_code == 302
    assert Contribution.objects.count() == 1


def test_submit_missing_start_token_refused(client):
    data = valid_data()
    data.pop("form_started")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_submit_over_rate_limit_gets_429_with_text(client):
    for _ in range(RATE_LIMIT):
        assert client.post(URL, valid_data()).status_code == 302
    response = client.post(URL, valid_data(text="Mein sechster Beitrag <i>kursiv</i>"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bitte versuchen Sie es später noch einmal" in html
    assert "Mein sechster Beitrag &lt;i&gt;kursiv&lt;/i&gt;" in html
    assert Contribution.objects.count() == RATE_LIMIT


def test_submit_invalid_attempts_do_not_count_towards_rate_limit(client):
    for _ in range(RATE_LIMIT + 2):
        client.post(URL, valid_data(email="kaputt"))
    assert client.post(URL, valid_data()).status_code == 302


def test_submit_rate_limit_is_per_client(client):
    for _ in range(RATE_LIMIT):
        client.post(URL, valid_data())
    response = client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 302


def test_submit_without_csrf_token_refused(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(URL, valid_data())
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_submit_mail_server_down_keeps_contribution_and_mails_later(client, mail_server_down):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert Contribution.objects.count() == 1
    assert not mail.outbox
    mail_server_down.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kommune360_mail.deliver_round(now=timezone.now() + timedelta(hours=7))
    assert len(mail.outbox) == 2  # confirmation and the team's notice


def test_submit_mail_rendering_fails_keeps_nothing(client, settings, monkeypatch):
    settings.MAIL_DELIVERY = "queue"

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr("kommune360.mail.render_to_string", broken)
    with pytest.raises(RuntimeError):
        client.post(URL, valid_data())
    assert not Contribution.objects.exists()
    assert not OutboxMail.objects.exists()


def test_thanks_page_unknown_kind_renders(client):
    response = client.get(reverse("feedback:thanks"), {"art": "<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<body>")[1]


def test_offer_page_entry_point_prefills_offer(client):
    offer = OfferFactory(title="Lean Coffee für Ämter")
    html = client.get(f"/angebote/{offer.slug}/").content.decode()
    assert f"/mitdenken/?angebot={offer.slug}" in html
    response = client.get(URL, {"angebot": offer.slug})
    assert read_form(response.content.decode())["checked"]["kind"] == ["hinweis"]
