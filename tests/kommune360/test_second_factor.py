"""The team's door, second step: TOTP enrolment at the first login, codes, backup codes."""

import io
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/verwaltung/login/"
PAGE = "/verwaltung/zweiter-faktor/"
PASSWORD = "richtig-und-lang-2026"


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def staff():
    return User.objects.create_user("kim", password=PASSWORD, is_staff=True, is_superuser=True)


def log_in(client, username="kim", password=PASSWORD):
    response = client.post(
        LOGIN, {"username": username, "password": password, "next": "/verwaltung/"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def current_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def a_wrong_code(device: TOTPDevice) -> str:
    valid = {current_code(device, step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)


def test_staff_login_without_second_factor_when_debug_off_is_refused(client, staff, required):
    log_in(client)

    index = client.get("/verwaltung/")
    changelist = client.get("/verwaltung/offers/offer/")

    assert index.status_code == 302
    assert index["Location"] == f"{PAGE}?next=%2Fverwaltung%2F"
    assert changelist.status_code == 302
    assert changelist["Location"].startswith(PAGE)
    assert (
        "Übersicht für das Initiativteam"
        not in client.get("/verwaltung/", follow=True).content.decode()
    )


def test_staff_session_without_second_factor_cannot_reach_staff_pages_outside_admin(
    client, staff, required
):
    log_in(client)

    response = client.get("/formate/")

    assert response.status_code == 302
    assert response["Location"].startswith(PAGE)


def test_public_page_without_session_cookie_untouched_by_second_factor(client, required):
    response = client.get("/impressum/")

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_second_factor_setting_defaults_to_required_without_debug():
    def required_with(debug: str) -> str:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "SECOND_FACTOR"))
        }
        env.update(DJANGO_DEBUG=debug, DJANGO_INSECURE_DEV_KEY="1")
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import kommune360.settings as s; print(s.SECOND_FACTOR_REQUIRED)",
            ],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert required_with("0") == "True"
    assert required_with("1") == "False"  # make run: password only


def test_second_factor_not_required_password_alone_opens_admin(client, staff, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    log_in(client)

    response = client.get("/verwaltung/")

    assert response.status_code == 200
    assert "Kommune 360° – Verwaltung" in response.content.decode()


def test_enrolment_first_login_shows_inline_qr_code_and_key(client, staff, required):
    log_in(client)

    response = client.get(f"{PAGE}?next=/verwaltung/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Zweiten Faktor einrichten" in body
    assert '<svg width="' in body and "<path" in body  # inline, no image request
    assert "<img" not in body
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    key_groups = re.search(r'class="manual-key"><code>([A-Z2-7 ]+)</code>', body).group(1)
    assert len(key_groups.replace(" ", "")) == 32
    assert 'for="id_code"' in body  # the field has a label
    assert response["Cache-Control"].startswith("max-age=0")
    # Reloading shows the same device, so a scanned code stays valid.
    client.get(PAGE)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_enrolment_correct_code_confirms_and_shows_backup_codes_once(client, staff, required):
    log_in(client)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(PAGE, {"code": current_code(device), "next": "/verwaltung/"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ihre Ersatzcodes" in body
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", body)
    assert len(codes) == django_settings.SECOND_FACTOR_BACKUP_CODES
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/verwaltung/").status_code == 200
    again = client.get(PAGE).content.decode()
    assert not any(code in again for code in codes)  # shown once only


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Bitte geben Sie den sechsstelligen Code aus der App ein."),
        ("12ab56", "genau die sechs Ziffern"),
        ("1" * 21, "Der Code hat sechs Ziffern"),
        ("<script>alert(1)</script>", "Der Code hat sechs Ziffern"),
    ],
)
def test_enrolment_bad_input_error_summary_and_input_kept(client, staff, required, typed, message):
    log_in(client)
    client.get(PAGE)

    response = client.post(PAGE, {"code": typed, "next": "/verwaltung/"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body and 'tabindex="-1"' in body
    assert message in body
    assert "<script>alert" not in body
    if typed and len(typed) <= 20:
        assert f'value="{typed}"' in body
    assert not TOTPDevice.objects.get(user=staff).confirmed


def test_enrolment_wrong_code_refused_and_logged(client, staff, required, caplog):
    log_in(client)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=staff)

    with caplog.at_level(logging.WARNING):
        response = client.post(PAGE, {"code": a_wrong_code(device)})

    assert "Dieser Code stimmt nicht" in response.content.decode()
    assert "enrolment code refused" in caplog.text
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/verwaltung/").status_code == 302


def test_verify_app_code_opens_the_admin(client, staff, required):
    device = enrolled(staff)
    log_in(client)
    page = client.get(PAGE).content.decode()
    assert "Anmeldung bestätigen" in page
    old_session = client.session.session_key

    response = client.post(PAGE, {"code": current_code(device), "next": "/verwaltung/offers/"})

    assert response.status_code == 302
    assert response["Location"] == "/verwaltung/offers/"
    assert client.session.session_key != old_session
    assert client.get("/verwaltung/").status_code == 200


def test_verify_external_next_url_ignored(client, staff, required):
    device = enrolled(staff)
    log_in(client)

    response = client.post(PAGE, {"code": current_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/verwaltung/"


def test_verify_backup_code_works_once(client, staff, required):
    enrolled(staff)
    device = StaticDevice.objects.create(user=staff, name="Ersatzcodes", confirmed=True)
    device.token_set.create(token="abcd2345")
    log_in(client)

    first = client.post(PAGE, {"code": " ABCD 2345 "})
    client.post("/verwaltung/logout/")
    log_in(client)
    second = client.post(PAGE, {"code": "abcd2345"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Dieser Code stimmt nicht" in second.content.decode()


def test_verify_wrong_codes_logged_then_throttled(client, staff, required, caplog):
    device = enrolled(staff)
    log_in(client)
    wrong = a_wrong_code(device)

    with caplog.at_level(logging.WARNING):
        first = client.post(PAGE, {"code": wrong})
        second = client.post(PAGE, {"code": current_code(device)})

    assert "Dieser Code stimmt nicht" in first.content.decode()
    assert first.context["form"]["code"].value() == wrong  # what was typed is kept
    # Right after a failure the device waits (django-otp's throttling): even the right code
    # is refused, with a message that says why.
    assert "Zu viele falsche Codes" in second.content.decode()
    assert "code refused for user" in caplog.text
    assert client.get("/verwaltung/").status_code == 302


def test_verified_session_may_replace_backup_codes(client, staff, required):
    device = enrolled(staff)
    old = StaticDevice.objects.create(user=staff, name="Ersatzcodes", confirmed=True)
    old.token_set.create(token="altcode234")
    log_in(client)
    client.post(PAGE, {"code": current_code(device)})

    response = client.post(PAGE, {"action": "new-codes"})

    body = response.content.decode()
    assert "Ihre bisherigen Ersatzcodes gelten nicht mehr" in body
    assert not StaticToken.objects.filter(token="altcode234").exists()
    assert StaticToken.objects.filter(device__user=staff).count() == 10


def test_pending_session_can_log_out(client, staff, required):
    log_in(client)

    response = client.post("/verwaltung/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_second_factor_page_anonymous_redirected_to_login(client, required):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_reset_second_factor_command_lets_the_person_enrol_again(client, staff, required):
    enrolled(staff)
    StaticDevice.objects.create(user=staff, name="Ersatzcodes", confirmed=True)
    out = io.StringIO()

    call_command("reset_second_factor", "kim", stdout=out)

    assert "Zweiter Faktor von kim entfernt (2 Gerät(e))" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    log_in(client)
    assert "Zweiten Faktor einrichten" in client.get(PAGE).content.decode()


def test_reset_second_factor_command_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="kein Konto"):
        call_command("reset_second_factor", "niemand")


def test_second_factor_devices_in_admin_named_in_german_without_secret(client, staff):
    device = enrolled(staff)
    client.force_login(staff)

    index = client.get("/verwaltung/").content.decode()
    change = client.get(f"/verwaltung/otp_totp/totpdevice/{device.pk}/change/").content.decode()

    assert "Zweiter Faktor: Authenticator-Apps" in index
    assert "Zweiter Faktor: Ersatzcodes" in index
    assert device.key not in change


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Bitte geben Sie einen Code ein."), ("x" * 25, "Dieser Code ist zu lang")],
)
def test_verify_bad_input_error_summary_and_input_kept(client, staff, required, typed, message):
    enrolled(staff)
    log_in(client)

    response = client.post(PAGE, {"code": typed})

    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert message in body
    assert response.context["form"]["code"].value() == typed
    assert client.get("/verwaltung/").status_code == 302
