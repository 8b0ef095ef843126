"""The team's door, second step: a one-time code (TOTP) after the password, via django-otp.

With SECOND_FACTOR_REQUIRED (on whenever DEBUG is off) a staff session that has passed the
password but not the second factor can do exactly two things: finish the second step at
/verwaltung/zweiter-faktor/ (enrol an authenticator app at the first login, or type a code)
or log out. Everything else redirects there, the back office and the facilitator's Lean
Coffee board alike. Backup codes (django-otp's static tokens) stand in for a lost phone
once each; `manage.py reset_second_factor <name>` removes a person's devices, so that
their next login enrols anew.
"""

import logging
import re
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

APP_DEVICE_NAME = "Authenticator-App"
BACKUP_DEVICE_NAME = "Ersatzcodes"
TOTP_CODE = re.compile(r"\d{6}")


def applies_to(user) -> bool:
    """Whether `user` needs a second factor for the back office."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_verified(user) -> bool:
    """Whether this session's user has passed a second factor (django-otp's OTPMiddleware
    sets `is_verified`; a user object fresh from `login()` has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending(user) -> bool:
    """A staff session that must still pass the second factor before it may do anything."""
    return settings.SECOND_FACTOR_REQUIRED and applies_to(user) and not is_verified(user)


def app_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if enrolled."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The not yet confirmed app device for enrolment: the same one until it is confirmed,
    so that reloading the page shows the same QR code as the app scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no image request, no
    outside service), labelled for screen readers."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        title="QR-Code zum Einrichten der Authenticator-App",
        svgclass=None,
        lineclass=None,
    )


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps without a camera."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def new_backup_codes(user) -> list[str]:
    """Replace the person's backup codes with SECOND_FACTOR_BACKUP_CODES fresh ones and
    return them; each works once. Shown to the person once, right after this call."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app device with its first code, verify this session, and return the new
    backup codes; None when the code does not match."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            logger.warning("Second factor: enrolment code refused for user %s", device.user_id)
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # An older app device (before a reset by the person) must not keep working.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = new_backup_codes(device.user)
    _verified(request, device)
    return codes


def verify(request, code: str) -> bool:
    """Check a code from the app (six digits) or a backup code against the person's devices;
    on success this session is verified. Each device throttles its own failures (django-otp:
    1, 2, 4 … seconds), so guessing is slow; every failure is logged."""
    code = "".join(code.split()).lower()
    user = request.user
    devices = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in devices.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                break
        else:
            device = None
    if device is None:
        logger.warning("Second factor: code refused for user %s", user.pk)
        return False
    _verified(request, device)
    return True


def throttled(user) -> bool:
    """Whether every device of the person is in its waiting time after wrong codes."""
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    devices += StaticDevice.objects.devices_for_user(user, confirmed=True)
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)


def _verified(request, device) -> None:
    request.session.cycle_key()  # a new session id for the raised privilege
    django_otp.login(request, device)


def reset(user) -> int:
    """Remove every second-factor device of `user` (lost phone, used-up backup codes): their
    next login enrols anew. Returns how many devices were removed."""
    with transaction.atomic():
        devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
        removed = sum(queryset.count() for queryset in devices)
        for queryset in devices:
            queryset.delete()
    return removed


def page_url(next_url: str = "") -> str:
    url = reverse("admin:second_factor")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """Send a staff session that still owes its second factor to the second-factor page.

    Requests without a session cookie (every public visitor) are passed on untouched, so
    public pages neither read the session nor vary on the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.SECOND_FACTOR_REQUIRED
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and pending(request.user)
            and request.path not in {reverse("admin:second_factor"), reverse("admin:logout")}
        ):
            next_url = request.get_full_path() if request.method in {"GET", "HEAD"} else ""
            return redirect(page_url(next_url))
        return self.get_response(request)
