"""Absolute links for e-mails, feeds, exports and structured data: SITE_URL + path."""

from django.conf import settings


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
