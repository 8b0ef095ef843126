import pytest
from django.test import Client

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
