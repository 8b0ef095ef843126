"""Tokens of the private edit links (`/angebote/bearbeiten/<token>/`).

A token is 32 random bytes (URL-safe base64, 43 characters). The database keeps
only its SHA-256 hex digest, so a copy of the database reveals no working link;
the plain token exists only in the e-mail that carries it. Because of that, every
e-mail that asks a provider to act (reminder, request for changes) issues a fresh
link instead of repeating an old one.
"""

import hashlib
import re
import secrets

from django.utils import timezone

from offers.models import OfferEditLink

TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value: str) -> bool:
    return bool(_TOKEN_SHAPE.match(value or ""))


def issue_edit_link(offer, purpose: str, sent_to: str = "") -> str:
    """Store a new edit link for `offer` and return its token (the only time it is known)."""
    token = new_token()
    OfferEditLink.objects.create(
        offer=offer, token_hash=hash_token(token), purpose=purpose, sent_to=sent_to
    )
    return token


def find_edit_link(token: str):
    """The active (not revoked) link for `token`, with its offer, or None."""
    if not looks_like_token(token):
        return None
    link = (
        OfferEditLink.objects.active()
        .select_related("offer", "offer__provider")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is not None:
        now = timezone.now()
        # Written at most once an hour: a busy page must not write on every view.
        if link.last_used_at is None or (now - link.last_used_at).total_seconds() > 3600:
            OfferEditLink.objects.filter(pk=link.pk).update(last_used_at=now)
            link.last_used_at = now
    return link


def revoke_edit_links(links, by=None) -> int:
    """Revoke the given active links (a queryset); return how many were revoked."""
    return links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=by)
