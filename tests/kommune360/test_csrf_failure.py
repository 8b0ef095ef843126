import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils.module_loading import import_string

from kommune360.errors import _FORMS_BY_VIEW

pytestmark = pytest.mark.django_db


def test_csrf_failure_shows_german_page_with_what_was_typed():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/mitdenken/",
        {
            "text": "Mein langer Beitrag <b>fett</b>",
            "name": "Alex",
            "website": "",
            "form_started": "x",
        },
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert "Das Formular konnte nicht gesendet werden" in content
    assert "Mein langer Beitrag &lt;b&gt;fett&lt;/b&gt;" in content
    assert "Alex" in content
    assert "form_started" not in content
    assert '<a href="/impressum/">' in content


def test_csrf_failure_admin_login_shows_nothing_typed():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/verwaltung/login/", {"username": "team@stadt.example", "password": "Geheim-4711"}
    )
    content = response.content.decode()
    assert response.status_code == 403
    assert "Geheim-4711" not in content
    assert "team@stadt.example" not in content


def test_csrf_failure_public_form_drops_secrets_and_names_fields_in_german():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/formate/termine/irgendein-termin/anmelden/",
        {"name": "Alex", "email": "alex@stadt.example", "passwort": "Geheim-4711"},
    )
    content = response.content.decode()
    assert response.status_code == 403
    assert "<dt>Ihr Name</dt><dd>Alex</dd>" in content
    assert "<dt>E-Mail-Adresse</dt><dd>alex@stadt.example</dd>" in content
    assert "Geheim-4711" not in content


def view_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from view_names(pattern.url_patterns, prefix + namespace)
        elif pattern.name:
            yield prefix + pattern.name


def test_typed_values_known_forms_name_existing_views_and_forms():
    names = set(view_names(get_resolver().url_patterns))
    for view_name, form_paths in _FORMS_BY_VIEW.items():
        assert view_name in names
        for path in form_paths:
            assert import_string(path).base_fields
