"""The team's door: repeated failed logins lock the account and the address (django-axes)."""

import io
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/verwaltung/login/"
PASSWORD = "richtig-und-lang-2026"


@pytest.fixture
def staff():
    return User.objects.create_user("kim", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="203.0.113.20"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/verwaltung/"},
        REMOTE_ADDR=address,
    )


def test_staff_login_25_wrong_passwords_lock_the_account(client, staff, settings, caplog):
    with caplog.at_level(logging.WARNING):
        answers = [log_in(client, "kim", f"falsch-{n}").status_code for n in range(25)]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with an error
    assert set(answers[limit:]) == {429}
    response = log_in(client, "kim", PASSWORD)
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "AXES: New login failure" in caplog.text  # failures are logged


def test_staff_login_failures_from_one_address_lock_that_address(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"unbekannt-{n}", "falsch", address="198.51.100.5")
    assert log_in(client, "kim", PASSWORD, address="198.51.100.5").status_code == 429
    assert log_in(client, "kim", PASSWORD, address="198.51.100.6").status_code == 302


def test_staff_login_success_resets_the_failures(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "kim", f"falsch-{n}")
    assert log_in(client, "kim", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="kim").exists()


def lock(client, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kim", f"falsch-{n}")
    assert log_in(client, "kim", PASSWORD).status_code == 429


def test_staff_login_unlocked_by_command(client, staff, settings):
    lock(client, settings)
    call_command("axes_reset_username", "kim", stdout=io.StringIO())
    assert log_in(client, "kim", PASSWORD).status_code == 302


def test_staff_login_unlocked_from_the_admin(client, staff, settings):
    lock(client, settings)
    admin = User.objects.create_superuser("admin", password="admin-passwort-2026")
    admin_client = client.__class__()
    admin_client.force_login(admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "kim" in admin_client.get(changelist).content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "kim", PASSWORD).status_code == 302


def test_staff_login_lockout_page_has_no_inline_code(client, staff, settings):
    lock(client, settings)
    html = log_in(client, "kim", PASSWORD).content.decode()
    assert "<script>" not in html and 'style="' not in html


def test_login_client_ip_without_a_valid_address_is_none(rf, settings):
    from kommune360.ratelimit import login_client_ip

    settings.TRUST_X_FORWARDED_FOR = True
    assert login_client_ip(rf.get("/", REMOTE_ADDR="")) is None
    assert login_client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="nonsense")) is None
    assert login_client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")) == (
        "203.0.113.5"
    )
