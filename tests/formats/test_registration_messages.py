"""The registration form says for each field what is missing or wrong, in its own words,
never Django's generic "Dieses Feld ist zwingend erforderlich."."""

import pytest
from django import forms
from django.core.cache import cache
from django.urls import reverse

from formats.forms import RegistrationForm
from formats.models import FormatKind, Registration

from .factories import SessionFactory, kind
from .test_views import form_data

pytestmark = pytest.mark.django_db

GENERIC = [
    "Dieses Feld ist zwingend erforderlich.",
    "Bitte eine gültige E-Mail-Adresse eingeben.",
    "Ensure this value",
    "Stellen Sie sicher, dass",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def register(client, session, **overrides):
    return client.post(
        reverse("formats:register", args=[session.slug]), form_data(**overrides)
    ).content.decode()


def test_registration_empty_fields_each_named_in_own_words(client):
    html = register(client, SessionFactory(), name="", email="", organisation="", role="")
    assert "Bitte nennen Sie Ihren Namen." in html
    assert "Bitte geben Sie Ihre E-Mail-Adresse an" in html
    assert "Bitte nennen Sie Ihre Organisation oder Dienststelle" in html
    assert "Bitte wählen Sie aus, zu welcher Gruppe Sie gehören." in html
    for generic in GENERIC:
        assert generic not in html
    assert not Registration.objects.exists()


def test_registration_wrong_email_and_too_long_text_explained_input_kept(client):
    html = register(
        client,
        SessionFactory(),
        email="anna(at)example.org",
        partner_name="Ben",
        partner_email="ben-at-example",
        note="x" * 1001,
        organisation="Bauamt",
    )
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@kommune.de." in html
    assert "gültige E-Mail-Adresse Ihrer Tandem-Partner:in" in html
    assert "Bitte kürzen Sie Ihre Anmerkung auf höchstens 1000 Zeichen (jetzt: 1001)." in html
    assert 'value="anna(at)example.org"' in html
    assert 'value="Bauamt"' in html
    for generic in GENERIC:
        assert generic not in html
    assert not Registration.objects.exists()


def test_registration_happy_path_still_registers(client):
    session = SessionFactory()
    response = client.post(reverse("formats:register", args=[session.slug]), form_data())
    assert response.status_code == 302
    assert Registration.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("circle", [False, True])
def test_registration_form_every_field_has_own_messages(circle):
    session = SessionFactory(kind=kind(FormatKind.WOL_CIRCLE)) if circle else None
    form = RegistrationForm(circle_start=session)
    defaults = {
        **forms.Field.default_error_messages,
        **forms.CharField.default_error_messages,
        **forms.EmailField.default_error_messages,
    }
    generic = []
    for name, field in form.fields.items():
        used = ["required"] if field.required else []
        used += ["max_length"] if getattr(field, "max_length", None) else []
        used += ["invalid"] if isinstance(field, forms.EmailField) else []
        for key in used:
            # A max_length without its own message falls back to the validator's generic one.
            message = str(field.error_messages.get(key, defaults.get(key, "")))
            if not message or key in defaults and message == str(defaults[key]):
                generic.append(f"{name}: {key}")
    assert not generic, generic
