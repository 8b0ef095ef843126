"""Test settings: the production settings with fast hashing and plain static storage."""

import os

os.environ.setdefault("DJANGO_INSECURE_DEV_KEY", "1")

from .settings import *  # noqa: E402,F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mails still go through the outbox and the sender, but at once, so that a test sees
# them in mail.outbox; tests of the queue itself set MAIL_DELIVERY = "queue".
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAIL_DELIVERY = "immediately"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_AUTOREFRESH = True
# The second factor has its own tests (tests/kommune360/test_second_factor.py), which turn
# it on; the other tests log staff in with a password or force_login alone.
SECOND_FACTOR_REQUIRED = False
# A "replica" alias that mirrors the test database (Django's TEST MIRROR), so that the
# router's tests can switch DATABASE_ROUTERS on; without the router nothing reads from it.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
